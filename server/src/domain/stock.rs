//! Stock rules as plain functions: which location kinds a movement may
//! use, applying a movement's effects to a balance without going below
//! zero, and what the reorder list should say about one balance.

use crate::store::BalanceRecord;
use servicebook_shared::parts::ReorderRule;
use servicebook_shared::stock::{suggested_quantity, Effect, LocationKind, MovementKind};

/// Why the source or destination does not suit the kind of movement
/// (`None`: it does).
pub fn location_fits(
    kind: MovementKind,
    from: Option<LocationKind>,
    to: Option<LocationKind>,
) -> Option<(&'static str, &'static str)> {
    use LocationKind::*;
    use MovementKind::*;
    let bad_from = |m| Some(("from_location_id", m));
    let bad_to = |m| Some(("to_location_id", m));
    match kind {
        Receive if to != Some(Warehouse) => bad_to("stock is received into a warehouse"),
        Issue if from != Some(Warehouse) => bad_from("stock is issued from a warehouse"),
        Issue if to != Some(Kit) => bad_to("stock is issued to an engineer's kit"),
        Consume if from != Some(Kit) => bad_from("parts are consumed from an engineer's kit"),
        ReturnGood if from != Some(Kit) => bad_from("good parts are returned from a kit"),
        ReturnGood if to != Some(Warehouse) => bad_to("good parts are returned to a warehouse"),
        ReturnFaulty if from == Some(FaultyShelf) => {
            bad_from("the part is already on a faulty shelf")
        }
        ReturnFaulty if to != Some(FaultyShelf) => bad_to("faulty parts go to a faulty shelf"),
        OutToVendor if from != Some(FaultyShelf) => {
            bad_from("parts go to the vendor from a faulty shelf")
        }
        Transfer if from == Some(FaultyShelf) || to == Some(FaultyShelf) => {
            bad_to("use return_faulty or out_to_vendor for faulty parts")
        }
        Reserve | Release if from == Some(FaultyShelf) => {
            Some(("location_id", "faulty parts cannot be reserved"))
        }
        _ => None,
    }
}

/// Why a balance would go wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// Not enough available (on hand and not reserved for others).
    Stock { available: u32, wanted: u32 },
    /// Releasing more than the work order has reserved here.
    Reservation { reserved: u32, wanted: u32 },
}

/// Applies one effect to `balance`, or says why it would leave on-hand
/// below zero or below what is reserved.
pub fn apply(balance: &mut BalanceRecord, e: &Effect) -> Result<(), Shortfall> {
    let before_available = balance.available();
    let on_hand = i64::from(balance.on_hand) + e.on_hand;
    if e.reserved != 0 {
        let wo = e.work_order_id.unwrap_or(0);
        let had = balance.reserved_by(wo);
        let now = i64::from(had) + e.reserved;
        if now < 0 {
            return Err(Shortfall::Reservation {
                reserved: had,
                wanted: u32::try_from(-e.reserved).unwrap_or(u32::MAX),
            });
        }
        balance.reserved_for.retain(|(w, _)| *w != wo);
        if now > 0 {
            balance.reserved_for.push((wo, now as u32));
            balance.reserved_for.sort_unstable();
        }
    }
    let reserved = i64::from(balance.reserved());
    if on_hand < reserved || on_hand < 0 {
        let wanted = e.on_hand.unsigned_abs().max(e.reserved.unsigned_abs());
        return Err(Shortfall::Stock {
            available: before_available,
            wanted: u32::try_from(wanted).unwrap_or(u32::MAX),
        });
    }
    balance.on_hand = u32::try_from(on_hand).unwrap_or(u32::MAX);
    Ok(())
}

/// What the reorder list should hold for one (part, location).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReorderNeed {
    /// At or below the point: suggest ordering this much.
    Order { suggested: u32, rule: ReorderRule },
    /// Above the point, or no rule: nothing pending.
    None,
}

pub fn reorder_need(rule: Option<ReorderRule>, available: u32) -> ReorderNeed {
    match rule {
        Some(r) if available <= r.point => ReorderNeed::Order {
            suggested: suggested_quantity(available, r.point, r.quantity),
            rule: r,
        },
        _ => ReorderNeed::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effect(on_hand: i64, reserved: i64) -> Effect {
        Effect {
            location_id: 1,
            on_hand,
            reserved,
            work_order_id: Some(9),
        }
    }

    #[test]
    fn stock_never_goes_below_zero_or_below_the_reservations() {
        let mut b = BalanceRecord::empty(1, 1);
        assert!(apply(&mut b, &effect(3, 0)).is_ok());
        assert!(apply(&mut b, &effect(0, 2)).is_ok());
        assert_eq!((b.on_hand, b.reserved(), b.available()), (3, 2, 1));
        let before = b.clone();
        assert_eq!(
            apply(&mut b.clone(), &effect(-2, 0)),
            Err(Shortfall::Stock {
                available: 1,
                wanted: 2
            })
        );
        assert_eq!(
            apply(&mut b.clone(), &effect(0, -3)),
            Err(Shortfall::Reservation {
                reserved: 2,
                wanted: 3
            })
        );
        // Issuing against its own reservation uses it up.
        assert!(apply(&mut b, &effect(-3, -2)).is_ok());
        assert_eq!((b.on_hand, b.reserved()), (0, 0));
        assert_ne!(b, before);
    }

    #[test]
    fn locations_must_suit_the_movement() {
        use LocationKind::*;
        assert!(location_fits(MovementKind::Receive, None, Some(Warehouse)).is_none());
        assert_eq!(
            location_fits(MovementKind::Receive, None, Some(Kit))
                .unwrap()
                .0,
            "to_location_id"
        );
        assert_eq!(
            location_fits(MovementKind::Consume, Some(Warehouse), None)
                .unwrap()
                .0,
            "from_location_id"
        );
        assert!(location_fits(MovementKind::OutToVendor, Some(FaultyShelf), None).is_none());
    }

    #[test]
    fn reorder_at_or_below_the_point() {
        let rule = ReorderRule {
            location_id: 1,
            point: 2,
            quantity: 5,
        };
        assert_eq!(reorder_need(Some(rule), 3), ReorderNeed::None);
        assert_eq!(
            reorder_need(Some(rule), 2),
            ReorderNeed::Order { suggested: 5, rule }
        );
        assert_eq!(
            reorder_need(Some(rule), 0),
            ReorderNeed::Order { suggested: 7, rule }
        );
        assert_eq!(reorder_need(None, 0), ReorderNeed::None);
    }
}
