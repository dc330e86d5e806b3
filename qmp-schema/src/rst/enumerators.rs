//! Enumerators: how an enumerated list item counts (`1.`, `(b)`, `iv)`, `#.`) and how
//! one is written back.

/// What an enumerated list counts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sequence {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    /// `#`
    Auto,
}

/// How an enumerator is punctuated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
}

/// An enumerated list item's start.
#[derive(Debug, Clone, Copy)]
pub(super) struct Enumerator<'a> {
    pub(super) sequence: Sequence,
    pub(super) format: Format,
    pub(super) ordinal: u64,
    /// The text after the enumerator.
    pub(super) rest: &'a str,
}

impl Enumerator<'_> {
    /// Whether this enumerator numbers the item after the one numbered `ordinal` in a
    /// list of `sequence` and `format` (`#` numbers any item).
    pub(super) fn follows(&self, sequence: Sequence, format: Format, ordinal: u64) -> bool {
        self.format == format
            && (self.sequence == Sequence::Auto
                || (self.sequence == sequence && ordinal.checked_add(1) == Some(self.ordinal)))
    }
}

/// Reads an enumerator at the start of `text`; `expected` is the sequence of the list
/// it would continue (which tells `i` the letter from `i` the numeral).
pub(super) fn enumerator(text: &str, expected: Option<Sequence>) -> Option<Enumerator<'_>> {
    let (format, inner, after) = if let Some(rest) = text.strip_prefix('(') {
        let close = rest.find(')')?;
        (Format::Parens, &rest[..close], &rest[close + 1..])
    } else {
        let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))?;
        let format = match text[end..].chars().next()? {
            '.' => Format::Period,
            ')' => Format::Paren,
            _ => return None,
        };
        (format, &text[..end], &text[end + 1..])
    };
    if !(after.is_empty() || after.starts_with(' ')) || inner.is_empty() {
        return None;
    }
    let (sequence, ordinal) = ordinal(inner, expected)?;
    Some(Enumerator {
        sequence,
        format,
        ordinal,
        rest: after.trim_start(),
    })
}

fn ordinal(inner: &str, expected: Option<Sequence>) -> Option<(Sequence, u64)> {
    if inner == "#" {
        return Some((Sequence::Auto, 0));
    }
    if inner.bytes().all(|b| b.is_ascii_digit()) {
        return Some((Sequence::Arabic, inner.parse().ok()?));
    }
    let mut chars = inner.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        let alpha = if letter.is_ascii_lowercase() {
            Sequence::LowerAlpha
        } else if letter.is_ascii_uppercase() {
            Sequence::UpperAlpha
        } else {
            return None;
        };
        let roman = matches!(letter, 'i' | 'I') && expected != Some(alpha);
        let continues_roman = expected.is_some_and(|sequence| {
            matches!(sequence, Sequence::LowerRoman | Sequence::UpperRoman)
        });
        if !roman && !continues_roman {
            let ordinal = u64::from(letter.to_ascii_lowercase() as u8 - b'a') + 1;
            return Some((alpha, ordinal));
        }
    }
    let sequence = if inner.bytes().all(|b| b"ivxlcdm".contains(&b)) {
        Sequence::LowerRoman
    } else if inner.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        Sequence::UpperRoman
    } else {
        return None;
    };
    let value = roman_value(&inner.to_ascii_lowercase())?;
    Some((sequence, value))
}

/// The value of a well-formed lowercase roman numeral below 4000.
fn roman_value(numeral: &str) -> Option<u64> {
    if numeral.len() > 15 {
        return None;
    }
    let digit = |c: u8| match c {
        b'i' => 1,
        b'v' => 5,
        b'x' => 10,
        b'l' => 50,
        b'c' => 100,
        b'd' => 500,
        b'm' => 1000,
        _ => 0,
    };
    let bytes = numeral.as_bytes();
    let mut value = 0i64;
    for (index, &c) in bytes.iter().enumerate() {
        let this = digit(c);
        if bytes.get(index + 1).is_some_and(|&next| digit(next) > this) {
            value -= this;
        } else {
            value += this;
        }
    }
    let value = u64::try_from(value)
        .ok()
        .filter(|v| (1..4000).contains(v))?;
    (roman_numeral(value) == numeral).then_some(value)
}

fn roman_numeral(mut value: u64) -> String {
    const NUMERALS: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (step, numeral) in NUMERALS {
        while value >= step {
            out.push_str(numeral);
            value -= step;
        }
    }
    out
}

/// An enumerator written out, for lists Markdown cannot number (`b)`, `(iv)`, `C.`).
pub(super) fn enumerator_label(sequence: Sequence, format: Format, ordinal: u64) -> String {
    let letter = |base: u8| {
        u8::try_from(ordinal.saturating_sub(1))
            .ok()
            .filter(|offset| *offset < 26)
            .map_or_else(
                || ordinal.to_string(),
                |offset| char::from(base + offset).to_string(),
            )
    };
    let inner = match sequence {
        Sequence::Arabic | Sequence::Auto => ordinal.to_string(),
        Sequence::LowerAlpha => letter(b'a'),
        Sequence::UpperAlpha => letter(b'A'),
        Sequence::LowerRoman => roman_numeral(ordinal),
        Sequence::UpperRoman => roman_numeral(ordinal).to_ascii_uppercase(),
    };
    match format {
        Format::Period => format!("{inner}."),
        Format::Paren => format!("{inner})"),
        Format::Parens => format!("({inner})"),
    }
}
