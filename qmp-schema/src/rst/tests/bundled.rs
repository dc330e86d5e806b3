//! Every doc text and doc comment of the bundled QAPI schemas.

use super::check_conversion;
use crate::rst::rst_to_markdown;

/// Every doc text of a model.
fn doc_texts(schema: &crate::Schema) -> Vec<(String, String)> {
    use crate::{Data, Field, Type, TypeKind};
    fn fields(out: &mut Vec<(String, String)>, at: &str, fields: &[Field]) {
        for field in fields {
            let at = format!("{at}.{}", field.name);
            out.push((at.clone(), field.description.clone()));
            for feature in &field.features {
                out.push((
                    format!("{at}#{}", feature.name),
                    feature.description.clone(),
                ));
            }
            type_texts(out, &at, &field.ty);
        }
    }
    fn type_texts(out: &mut Vec<(String, String)>, at: &str, ty: &Type) {
        match ty {
            Type::Array(element) => type_texts(out, at, element),
            Type::Object(members) => fields(out, at, members),
            Type::Enum(values) => {
                for value in values {
                    out.push((format!("{at}={}", value.value), value.description.clone()));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for section in &schema.sections {
        let name = &section.names[0].name;
        out.push((name.clone(), section.description.clone()));
        for note in &section.notes {
            out.push((format!("{name} (note)"), note.text.clone()));
        }
        for feature in &section.features {
            out.push((
                format!("{name}#{}", feature.name),
                feature.description.clone(),
            ));
        }
        fields(&mut out, name, section.data.fields());
        if let Data::Undescribed { text } = &section.data {
            out.push((format!("{name} (data)"), text.clone()));
        }
    }
    for (name, named) in &schema.types {
        out.push((name.clone(), named.description.clone()));
        for feature in &named.features {
            out.push((
                format!("{name}#{}", feature.name),
                feature.description.clone(),
            ));
        }
        match &named.kind {
            TypeKind::Struct { members, .. } | TypeKind::Union { members, .. } => {
                fields(&mut out, name, members)
            }
            TypeKind::Enum { values } => {
                for value in values {
                    let at = format!("{name}={}", value.value);
                    out.push((at.clone(), value.description.clone()));
                    for feature in &value.features {
                        out.push((
                            format!("{at}#{}", feature.name),
                            feature.description.clone(),
                        ));
                    }
                }
            }
            TypeKind::Alternate { .. } => {}
        }
    }
    out.retain(|(_, text)| !text.trim().is_empty());
    out
}

fn bundled(version: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../events-spec/qapi")
        .join(format!("qemu-{version}"))
}

#[test]
fn every_doc_text_of_the_bundled_schemas_converts_cleanly() {
    let mut converted = 0;
    for version in ["10.0.2", "7.2.22"] {
        let document = crate::Document::read(bundled(version).join("qapi-schema.json"));
        assert!(!document.schema.sections.is_empty());
        let texts = doc_texts(&document.schema);
        for (at, rst) in &texts {
            let markdown = rst_to_markdown(rst);
            if let Err(problem) = check_conversion(rst, &markdown) {
                panic!("{version} {at}: {problem}\n--- rST:\n{rst}\n--- Markdown:\n{markdown}");
            }
            converted += 1;
        }
        // Those the conversion changes, to look at (`cargo test -- --nocapture`).
        let changed = texts
            .iter()
            .map(|(at, rst)| (at, rst, rst_to_markdown(rst)))
            .filter(|(_, rst, markdown)| markdown != *rst);
        for (at, rst, markdown) in changed.take(8) {
            println!("== {version} {at}\n{rst}\n-- Markdown:\n{markdown}\n");
        }
    }
    assert!(converted > 700, "{converted}");
}

/// The `##` doc comments of a schema file, `#` and one space taken from each line.
fn raw_doc_comments(text: &str) -> Vec<String> {
    let mut comments = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.starts_with("##") {
            match current.take() {
                Some(lines) => comments.push(lines.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(lines) = current.as_mut() {
            match line.strip_prefix('#') {
                Some(rest) => lines.push(rest.strip_prefix(' ').unwrap_or(rest)),
                None => comments.push(current.take().unwrap_or_default().join("\n")),
            }
        }
    }
    comments
}

#[test]
fn every_whole_doc_comment_of_the_bundled_schemas_converts_cleanly() {
    // The model holds the doc texts of what events reach; the files hold much more
    // rST (lists, tables, annotated examples, admonitions): all of it must convert.
    let mut converted = 0;
    let mut shown = 0;
    for version in ["10.0.2", "7.2.22"] {
        let mut paths: Vec<_> = std::fs::read_dir(bundled(version))
            .expect("bundled schema")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("schema file");
            for rst in raw_doc_comments(&text) {
                let markdown = rst_to_markdown(&rst);
                if let Err(problem) = check_conversion(&rst, &markdown) {
                    panic!(
                        "{}: {problem}\n--- rST:\n{rst}\n--- Markdown:\n{markdown}",
                        path.display()
                    );
                }
                if shown < 3
                    && (rst.contains(".. admonition::")
                        || rst.contains(":annotated:")
                        || rst.contains(".. table::"))
                {
                    shown += 1;
                    println!("== {}\n{rst}\n-- Markdown:\n{markdown}\n", path.display());
                }
                converted += 1;
            }
        }
    }
    assert!(converted > 1900, "{converted}");
}
