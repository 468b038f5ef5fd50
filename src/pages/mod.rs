//! One module per page of the site.

pub mod embed;
pub mod entry;
pub mod home;
pub mod not_found;
pub mod tags;
