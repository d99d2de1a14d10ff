//! Device labels: the QR code that opens a device's page, drawn as SVG by
//! the server (no external service, nothing fetched by the browser).

use qrcodegen::{QrCode, QrCodeEcc};

/// The page a device's label opens.
pub fn device_url(base: &str, id: u64) -> String {
    format!("{}/devices/{id}", base.trim_end_matches('/'))
}

/// `text` as a QR code in SVG, black on white with the standard quiet zone
/// of four modules. Medium error correction survives a scuffed label.
pub fn qr_svg(text: &str) -> Result<String, String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium)
        .map_err(|_| "the text is too long for a QR code".to_owned())?;
    const BORDER: i32 = 4;
    let size = qr.size();
    let side = size + 2 * BORDER;
    let mut path = String::with_capacity((size * size) as usize * 4);
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + BORDER, y + BORDER));
            }
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_links_to_the_device_page() {
        assert_eq!(
            device_url("https://service.example.cn/", 42),
            "https://service.example.cn/devices/42"
        );
    }

    #[test]
    fn the_qr_code_is_a_square_svg_with_a_quiet_zone() {
        let svg = qr_svg("http://127.0.0.1:8080/devices/42").unwrap();
        // 33 characters fit version 3 at medium correction: 29 modules + 8.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        // The top-left finder pattern starts right after the quiet zone.
        assert!(svg.contains("M4,4h1v1h-1z"));
        assert!(!svg.contains("M3,3h1"));
        assert!(qr_svg(&"x".repeat(5000)).is_err());
    }
}
