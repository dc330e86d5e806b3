//! Section headings: one or more event names, optionally numbered (`1 SHUTDOWN`, as the
//! earliest documents do), separated by commas.

use super::lines::event_name;
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, opt};
use nom::multi::{many0_count, separated_list1};
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

/// Whether a line is a list of event names, as [`heading_names`] reads it, without
/// collecting them: asked of every line that starts a paragraph, to find headings whose
/// underline is missing.
pub fn is_heading_line(text: &str) -> bool {
    let number = (digit1, opt(char('.')), space1);
    let separator = (space0, char(','), space0);
    (
        space0,
        opt(number),
        event_name,
        many0_count((separator, event_name)),
        space0,
        eof,
    )
        .parse(text)
        .is_ok()
}

/// Whether a paragraph is a single line that reads as a heading: a section whose
/// underline is missing.
pub fn is_lone_heading(paragraph: &str) -> bool {
    !paragraph.trim_end().contains('\n') && is_heading_line(paragraph.trim_end())
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
    fn heading_line_check_agrees_with_reading_the_names() {
        for text in [
            "BLOCK_IO_ERROR",
            "A, B ,C",
            "1 SHUTDOWN",
            " 12. STOP ",
            "A,",
            "a",
            "",
            "Block events",
            "X Y",
        ] {
            assert_eq!(
                is_heading_line(text),
                heading_names(text).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn prose_is_not_a_heading() {
        assert!(heading_names("Emitted when a disk I/O error occurs.").is_err());
        assert!(heading_names("Block events").is_err());
    }
}
