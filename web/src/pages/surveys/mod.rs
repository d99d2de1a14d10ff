//! Satisfaction surveys for staff: the list with its tabs (to send, sent,
//! answered, expired), making a link with its QR code, taking the answer on
//! a call; the follow-ups of poor scores; a request's own surveys.

pub mod follow_ups;
pub mod list;
pub mod of_request;

use crate::i18n::I18n;
use servicebook_shared::surveys::{FollowUpState, OutcomeKind, SurveyState};

pub fn state_label(i: I18n, s: SurveyState) -> String {
    i.t(&format!("survey.state_{}", s.as_str()))
}

pub fn state_class(s: SurveyState) -> &'static str {
    match s {
        SurveyState::Answered => "badge ok",
        SurveyState::Expired => "badge bad",
        SurveyState::NotSent => "badge muted",
        _ => "badge",
    }
}

pub fn follow_up_label(i: I18n, s: FollowUpState) -> String {
    i.t(&format!("follow_up.state_{}", s.as_str()))
}

pub fn outcome_key(o: OutcomeKind) -> &'static str {
    match o {
        OutcomeKind::Satisfied => "follow_up.outcome_satisfied",
        OutcomeKind::NotSatisfied => "follow_up.outcome_not_satisfied",
        OutcomeKind::Unreachable => "follow_up.outcome_unreachable",
    }
}
