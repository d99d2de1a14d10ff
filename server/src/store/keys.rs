//! Every key byte layout the store writes. Integers are big-endian so that
//! sled's byte order is numeric order.

/// Separates a non-unique index value from the id that follows it. Text
/// index values never contain 0x00 (see [`text`]).
const SEP: u8 = 0;

pub fn id(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn parse_id(bytes: &[u8]) -> Option<u64> {
    let arr: [u8; 8] = bytes.get(bytes.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(arr))
}

/// A text index value: case-folded, NUL bytes dropped so it cannot run into
/// the separator.
pub fn text(value: &str) -> Vec<u8> {
    value
        .trim()
        .to_lowercase()
        .bytes()
        .filter(|b| *b != SEP)
        .collect()
}

/// The key of a non-unique index entry: value, separator, record id.
pub fn non_unique(value: &[u8], record: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(value.len() + 9);
    k.extend_from_slice(value);
    k.push(SEP);
    k.extend_from_slice(&id(record));
    k
}

/// The prefix under which all entries of one non-unique index value sort.
pub fn non_unique_prefix(value: &[u8]) -> Vec<u8> {
    let mut k = value.to_vec();
    k.push(SEP);
    k
}

pub const META_SCHEMA_VERSION: &[u8] = b"schema_version";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically() {
        assert!(id(9) < id(10));
        assert!(id(255) < id(256));
        assert_eq!(parse_id(&id(42)), Some(42));
        assert_eq!(parse_id(&non_unique(b"abc", 7)), Some(7));
        assert_eq!(parse_id(b"short"), None);
    }

    #[test]
    fn non_unique_entries_of_one_value_share_a_prefix_and_sort_by_id() {
        let p = non_unique_prefix(&text("ACME"));
        let a = non_unique(&text("acme"), 2);
        let b = non_unique(&text("Acme "), 10);
        assert!(a.starts_with(&p) && b.starts_with(&p));
        assert!(a < b);
        // "acme" entries never interleave with "acme corp" entries.
        assert!(!non_unique(&text("acme corp"), 1).starts_with(&p));
    }
}
