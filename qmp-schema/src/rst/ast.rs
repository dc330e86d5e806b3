//! What the rST is read into, and Markdown written from: blocks holding inline pieces.

/// The blocks Markdown is written from.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    Paragraph(Vec<Inline>),
    /// An rST line block: lines kept as they break; an empty line separates stanzas.
    Lines(Vec<Vec<Inline>>),
    Code {
        language: &'static str,
        text: String,
    },
    List(List),
    /// A transition.
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct List {
    pub(super) kind: ListKind,
    pub(super) items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ListKind {
    Bullet,
    /// Numbered from `start`; `delimiter` is `.` or `)`.
    Ordered {
        start: u64,
        delimiter: char,
    },
}

impl List {
    /// Whether the list can start right under a paragraph line, as the nested list of a
    /// tight item must: CommonMark lets only a non-empty bullet item or item 1 interrupt
    /// a paragraph.
    pub(super) fn interrupts_paragraph(&self) -> bool {
        let starts_right = match self.kind {
            ListKind::Bullet => true,
            ListKind::Ordered { start, .. } => start == 1,
        };
        starts_right && self.items.first().is_some_and(|item| !item.is_empty())
    }
}

/// The inline pieces of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Inline {
    /// Plain text, escaped when written; `\n` is a soft line break.
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// An explicit hyperlink: `text <url>`_.
    Link {
        text: String,
        url: String,
    },
    /// A URL written in the text, made an autolink.
    Url(String),
}

/// Plain text.
pub(super) fn text(text: impl Into<String>) -> Inline {
    Inline::Text(text.into())
}

/// A label (**Note:**) put before the first paragraph of some blocks, or as a paragraph
/// of its own when they do not start with one.
pub(super) fn labelled(label: Vec<Inline>, mut blocks: Vec<Block>) -> Vec<Block> {
    match blocks.first_mut() {
        Some(Block::Paragraph(inlines)) => {
            let rest = std::mem::replace(inlines, label);
            inlines.push(text(" "));
            inlines.extend(rest);
        }
        _ => blocks.insert(0, Block::Paragraph(label)),
    }
    blocks
}
