//! "Find device" on a visit: what the engineer types or a scanner pastes
//! — a serial number, an asset tag, or the text of a device label's QR
//! code (the address of the device's page, `…/devices/42`) — to the
//! device of the visit it names.

use servicebook_shared::inspections::visits::VisitDevice;

/// Why nothing was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// Nothing typed.
    Empty,
    /// A device label, but of a device this visit does not inspect.
    NotOnVisit,
    /// No device of the visit has this serial number or asset tag.
    NoMatch,
}

/// The device id a label's QR code names: the number after `/devices/`
/// in the address it encodes (`https://service.example.cn/devices/42`),
/// with anything after it (`?`, `#`, `/`) ignored.
pub fn label_device_id(text: &str) -> Option<u64> {
    let (_, rest) = text.trim().rsplit_once("/devices/")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    if digits.is_empty() || after.is_some_and(|c| !matches!(c, '?' | '#' | '/')) {
        return None;
    }
    digits.parse().ok()
}

/// The device of the visit `text` names: by its label, else by serial
/// number, else by asset tag (ignoring case and spaces around).
pub fn find_device(devices: &[VisitDevice], text: &str) -> Result<u64, Miss> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Miss::Empty);
    }
    if let Some(id) = label_device_id(text) {
        return devices
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.id)
            .ok_or(Miss::NotOnVisit);
    }
    let same = |s: &str| !s.trim().is_empty() && s.trim().eq_ignore_ascii_case(text);
    devices
        .iter()
        .find(|d| same(&d.serial_number))
        .or_else(|| devices.iter().find(|d| same(&d.asset_tag)))
        .map(|d| d.id)
        .ok_or(Miss::NoMatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: u64, serial: &str, tag: &str) -> VisitDevice {
        VisitDevice {
            id,
            product: "UPS".into(),
            brand: String::new(),
            model: String::new(),
            serial_number: serial.into(),
            asset_tag: tag.into(),
            site: String::new(),
        }
    }

    #[test]
    fn a_label_names_its_device_by_the_address_it_encodes() {
        assert_eq!(
            label_device_id("https://service.example.cn/devices/42"),
            Some(42)
        );
        assert_eq!(
            label_device_id("http://10.0.0.5:8080/devices/7?x=1"),
            Some(7)
        );
        assert_eq!(label_device_id("/devices/9/"), Some(9));
        assert_eq!(label_device_id("https://x/devices/"), None);
        assert_eq!(label_device_id("https://x/devices/4a"), None);
        assert_eq!(label_device_id("SN-42"), None);
    }

    #[test]
    fn a_serial_or_asset_tag_finds_the_device_of_the_visit() {
        let list = [device(1, "UPS-001", "A-7"), device(2, "SRV-9", "")];
        assert_eq!(find_device(&list, " ups-001 "), Ok(1));
        assert_eq!(find_device(&list, "a-7"), Ok(1));
        assert_eq!(find_device(&list, "SRV-9"), Ok(2));
        assert_eq!(find_device(&list, "https://h/devices/2"), Ok(2));
        assert_eq!(
            find_device(&list, "https://h/devices/3"),
            Err(Miss::NotOnVisit)
        );
        assert_eq!(find_device(&list, "nothing"), Err(Miss::NoMatch));
        assert_eq!(find_device(&list, "  "), Err(Miss::Empty));
    }
}
