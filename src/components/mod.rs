//! Pieces shared by several pages.

pub mod card;
pub mod filters;
pub mod layout;
pub mod tag_list;
