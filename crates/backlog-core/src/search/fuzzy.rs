//! Edit distance for typo tolerance: optimal string alignment, so swapping
//! two neighbouring letters ("pyhton") counts as one typo.

/// Maximum length in characters, plus one, of a word whose distance is
/// computed in rows on the stack. Longer words use rows on the heap.
const STACK_ROW: usize = 64;

/// Returns the number of typos between `a` and `b` when it is at most
/// `max`, or `None` when it is larger. Stops early once every path exceeds
/// `max`.
pub fn bounded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    if width <= STACK_ROW {
        let mut rows = [[0usize; STACK_ROW]; 3];
        let [before_previous, previous, current] = &mut rows;
        distance_in_rows(a, b, max, [before_previous, previous, current])
    } else {
        let [mut before_previous, mut previous, mut current] = [0; 3].map(|_| vec![0usize; width]);
        distance_in_rows(
            a,
            b,
            max,
            [&mut before_previous, &mut previous, &mut current],
        )
    }
}

/// Computes `bounded_distance` in three rows of at least `b.len() + 1`
/// cells: the two rows before the current one, which a swap looks back to.
fn distance_in_rows(a: &[char], b: &[char], max: usize, rows: [&mut [usize]; 3]) -> Option<usize> {
    let [mut before_previous, mut previous, mut current] = rows;
    for (j, cell) in previous.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_minimum = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before_previous[j - 2] + 1);
            }
            current[j] = value;
            row_minimum = row_minimum.min(value);
        }
        if row_minimum > max {
            return None;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

/// Typos tolerated in a query term of `length` characters: none below
/// four, one from four, two from eight.
pub fn allowed_typos(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        bounded_distance(&a, &b, max)
    }

    #[test]
    fn swapped_letters_are_one_typo() {
        assert_eq!(distance("pyhton", "python", 1), Some(1));
    }

    #[test]
    fn long_words_are_compared_too() {
        let long = "a".repeat(100);
        let typo = format!("{}b", "a".repeat(99));
        assert_eq!(distance(&long, &typo, 2), Some(1));
    }

    #[test]
    fn distance_above_the_bound_is_none() {
        assert_eq!(distance("python", "java", 2), None);
        assert_eq!(distance("health", "wealth", 1), Some(1));
        assert_eq!(distance("same", "same", 0), Some(0));
    }
}
