//! Section headings: one or more event names, optionally numbered (`1 SHUTDOWN`, as the
//! earliest documents do), separated by commas.

use super::lines::event_name;
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, opt};
use nom::multi::separated_list1;
use nom::{IResult, Parser};

/// The event names of a heading line; fails unless the whole line is a list of names.
pub fn heading_names(text: &str) -> IResult<&str, Vec<&str>> {
    let number = (digit1, opt(char('.')), space1);
    let separator = (space0, char(','), space0);
    let (rest, (_, _, names, _, _)) = (
        space0,
        opt(number),
        separated_list1(separator, event_name),
        space0,
        eof,
    )
        .parse(text)?;
    Ok((rest, names))
}

/// Whether a paragraph is a single line that reads as a heading: a section whose
/// underline is missing.
pub fn is_lone_heading(paragraph: &str) -> bool {
    !paragraph.trim_end().contains('\n') && heading_names(paragraph.trim_end()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name() {
        assert_eq!(
            heading_names("BLOCK_IO_ERROR").map(|r| r.1),
            Ok(vec!["BLOCK_IO_ERROR"])
        );
    }

    #[test]
    fn several_names_separated_by_commas() {
        assert_eq!(
            heading_names("SPICE_CONNECTED, SPICE_DISCONNECTED  ").map(|r| r.1),
            Ok(vec!["SPICE_CONNECTED", "SPICE_DISCONNECTED"])
        );
    }

    #[test]
    fn numbered_heading_of_the_earliest_documents() {
        assert_eq!(
            heading_names("1 SHUTDOWN").map(|r| r.1),
            Ok(vec!["SHUTDOWN"])
        );
        assert_eq!(heading_names("12. STOP").map(|r| r.1), Ok(vec!["STOP"]));
    }

    #[test]
    fn prose_is_not_a_heading() {
        assert!(heading_names("Emitted when a disk I/O error occurs.").is_err());
        assert!(heading_names("Block events").is_err());
    }
}
