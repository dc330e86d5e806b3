//! Following JSON's brackets through text that may not be JSON yet: both front ends find
//! where an example message ends by counting `{`/`[` against `}`/`]` outside strings,
//! line by line, before the message is parsed.

/// The brackets open so far, and whether the text is inside a string.
#[derive(Debug, Clone, Copy, Default)]
pub struct Brackets {
    depth: i64,
    in_string: bool,
    escaped: bool,
}

impl Brackets {
    /// Reads more text. Returns the byte offset just past the bracket that closes the
    /// outermost one, if the text closes it.
    pub fn feed(&mut self, text: &str) -> Option<usize> {
        for (offset, c) in text.char_indices() {
            if self.in_string {
                match c {
                    _ if self.escaped => self.escaped = false,
                    '\\' => self.escaped = true,
                    '"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => self.in_string = true,
                '{' | '[' => self.depth += 1,
                '}' | ']' => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return Some(offset + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// How many brackets are open (negative when more closed than opened).
    pub fn depth(&self) -> i64 {
        self.depth
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let mut brackets = Brackets::default();
        assert_eq!(brackets.feed(r#"{ "a": "}\"]", "b": ["#), None);
        assert_eq!(brackets.depth(), 2);
        assert_eq!(brackets.feed("1] } tail"), Some(4));
    }
}
