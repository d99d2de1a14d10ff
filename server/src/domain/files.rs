//! What an uploaded document is, judged by its bytes: the name a browser
//! sends can say anything, so a file is accepted only when its content is
//! one of the kinds the archive keeps and agrees with its name.

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_BYTES: usize = 8192;

/// One kind of accepted document.
struct Kind {
    /// Extensions (lower case) a file of this kind may carry.
    extensions: &'static [&'static str],
    /// What people call it, for refusals.
    label: &'static str,
}

const PDF: Kind = Kind {
    extensions: &["pdf"],
    label: "a PDF document",
};
const PNG: Kind = Kind {
    extensions: &["png"],
    label: "a PNG image",
};
const JPEG: Kind = Kind {
    extensions: &["jpg", "jpeg", "jpe", "jfif"],
    label: "a JPEG image",
};
const GIF: Kind = Kind {
    extensions: &["gif"],
    label: "a GIF image",
};
const WEBP: Kind = Kind {
    extensions: &["webp"],
    label: "a WebP image",
};
const TIFF: Kind = Kind {
    extensions: &["tif", "tiff"],
    label: "a TIFF image",
};
const BMP: Kind = Kind {
    extensions: &["bmp"],
    label: "a BMP image",
};
const HEIC: Kind = Kind {
    extensions: &["heic", "heif"],
    label: "a HEIC photo",
};
/// Word/Excel/PowerPoint 2007+ and OpenDocument files are zip archives;
/// so is a plain .zip of logs.
const ZIP: Kind = Kind {
    extensions: &["docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"],
    label: "an Office document or zip archive",
};
/// Word/Excel/PowerPoint 97-2003.
const OLE: Kind = Kind {
    extensions: &["doc", "xls", "ppt"],
    label: "an old Office document",
};
const TEXT: Kind = Kind {
    extensions: &["txt", "log", "csv", "md"],
    label: "a text file",
};

fn content_type(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" | "jfif" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "tif" | "tiff" => "image/tiff",
        "bmp" => "image/bmp",
        "heic" | "heif" => "image/heic",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "ppt" => "application/vnd.ms-powerpoint",
        "csv" => "text/csv; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// What the leading bytes say, if they are any accepted kind.
fn kind_of(head: &[u8]) -> Option<&'static Kind> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"%PDF-") {
        Some(&PDF)
    } else if at(0, b"\x89PNG\r\n\x1a\n") {
        Some(&PNG)
    } else if at(0, b"\xff\xd8\xff") {
        Some(&JPEG)
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some(&GIF)
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some(&WEBP)
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        Some(&TIFF)
    } else if at(0, b"BM") && head.len() > 26 {
        Some(&BMP)
    } else if at(4, b"ftyp")
        && [b"heic", b"heix", b"mif1", b"msf1"]
            .iter()
            .any(|b| at(8, *b))
    {
        Some(&HEIC)
    } else if at(0, b"PK\x03\x04") {
        Some(&ZIP)
    } else if at(0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        Some(&OLE)
    } else if is_text(head) {
        Some(&TEXT)
    } else {
        None
    }
}

/// UTF-8 (a character cut at the end of the sample is fine) or GBK-ish
/// bytes without control characters other than tab, CR, LF and form feed.
fn is_text(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    let valid_utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    };
    let controls = head
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c));
    // Non-UTF-8 text is accepted as legacy Chinese (GBK) when no byte is a
    // control character; binary files nearly always have NULs early on.
    (valid_utf8 || head.iter().any(|&b| b >= 0x80)) && !controls
}

/// The extension of a file name, lower case.
fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The file name to keep: no path, no control characters, at most 200
/// characters, never empty.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    if cleaned.is_empty() {
        return String::new();
    }
    if cleaned.chars().count() <= 200 {
        return cleaned;
    }
    // Keep the extension when shortening.
    let ext = extension(&cleaned)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let stem: String = cleaned.chars().take(200 - ext.chars().count()).collect();
    format!("{stem}{ext}")
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The content is none of the accepted kinds.
    NotAccepted,
    /// The content is one accepted kind, the name says another.
    Mismatch {
        is: &'static str,
        name_says: String,
    },
    NoExtension,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotAccepted => write!(
                f,
                "This kind of file is not accepted: upload PDF, images (PNG, JPEG, GIF, WebP, TIFF, BMP, HEIC), Office or OpenDocument files, zip archives or text."
            ),
            Refusal::Mismatch { is, name_says } => write!(
                f,
                "The file's content is {is}, not what its name (.{name_says}) says."
            ),
            Refusal::NoExtension => write!(
                f,
                "The file name needs an extension such as .pdf or .jpg."
            ),
        }
    }
}

/// The content type to store and serve `name` with, judged from `head`
/// (its first [`SNIFF_BYTES`] bytes).
pub fn sniff(name: &str, head: &[u8]) -> Result<&'static str, Refusal> {
    let kind = kind_of(head).ok_or(Refusal::NotAccepted)?;
    let ext = extension(name).ok_or(Refusal::NoExtension)?;
    if kind.extensions.contains(&ext.as_str()) {
        Ok(content_type(&ext))
    } else {
        Err(Refusal::Mismatch {
            is: kind.label,
            name_says: ext,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_judged_by_their_bytes() {
        assert_eq!(sniff("合同.pdf", b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(
            sniff("photo.JPG", b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Ok("image/jpeg")
        );
        assert_eq!(
            sniff("label.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok("image/png")
        );
        assert!(sniff("quote.xlsx", b"PK\x03\x04\x14\0\x06\0").is_ok());
        assert_eq!(
            sniff("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"),
            Ok("application/msword")
        );
        assert!(sniff("iphone.heic", b"\0\0\0\x18ftypheic\0\0\0\0").is_ok());
        assert!(sniff("server.log", "2026-11-23 磁盘告警\r\n".as_bytes()).is_ok());
    }

    #[test]
    fn a_name_that_lies_about_the_content_is_refused() {
        assert_eq!(
            sniff("contract.pdf", b"\x89PNG\r\n\x1a\n\0\0"),
            Err(Refusal::Mismatch {
                is: "a PNG image",
                name_says: "pdf".into()
            })
        );
        // A program renamed to look like a document.
        assert_eq!(
            sniff("invoice.pdf", b"MZ\x90\0\x03\0\0\0\x04\0"),
            Err(Refusal::NotAccepted)
        );
        assert_eq!(
            sniff("setup.exe", b"MZ\x90\0\x03\0\0\0"),
            Err(Refusal::NotAccepted)
        );
        assert_eq!(sniff("scan", b"%PDF-1.4"), Err(Refusal::NoExtension));
        assert_eq!(sniff("empty.txt", b""), Err(Refusal::NotAccepted));
    }

    #[test]
    fn names_lose_their_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\王\\报价单.xlsx"), "报价单.xlsx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(clean_name("  "), "");
        let long = format!("{}.pdf", "很".repeat(300));
        let kept = clean_name(&long);
        assert_eq!(kept.chars().count(), 200);
        assert!(kept.ends_with(".pdf"));
    }
}
