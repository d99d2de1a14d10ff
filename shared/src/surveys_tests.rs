use super::*;

fn scores(overall: u8) -> Scores {
    Scores {
        response_speed: 5,
        professionalism: 4,
        attitude: 5,
        result: 4,
        overall,
        comment: "工程师很专业".into(),
    }
}

#[test]
fn every_score_is_one_to_five_and_the_comment_has_a_limit() {
    assert!(check_answer(&scores(5)).is_empty());
    assert!(check_answer(&scores(1)).is_empty());
    let mut bad = scores(0);
    bad.attitude = 6;
    bad.comment = "好".repeat(COMMENT_MAX + 1);
    let e = check_answer(&bad);
    assert_eq!(
        e.keys().collect::<Vec<_>>(),
        ["attitude", "comment", "overall"]
    );
    assert!(check_answer(&Scores {
        comment: "好".repeat(COMMENT_MAX),
        ..scores(3)
    })
    .is_empty());
}

#[test]
fn a_poor_score_is_at_or_below_the_firms_threshold() {
    assert!(is_poor(3, 3));
    assert!(is_poor(1, 3));
    assert!(!is_poor(4, 3));
    assert!(!is_poor(2, 1));
}

#[test]
fn a_sent_survey_reads_expired_once_its_link_is_past() {
    let t: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    let later = t + chrono::Duration::days(1);
    assert_eq!(
        state_at(SurveyState::Sent, Some(t), later),
        SurveyState::Expired
    );
    assert_eq!(
        state_at(SurveyState::Sent, Some(later), t),
        SurveyState::Sent
    );
    // Answered or never sent: expiry does not matter.
    assert_eq!(
        state_at(SurveyState::Answered, Some(t), later),
        SurveyState::Answered
    );
    assert_eq!(
        state_at(SurveyState::ToSend, None, later),
        SurveyState::ToSend
    );
    for s in SurveyState::ALL {
        assert_eq!(SurveyState::parse(s.as_str()), Some(s));
    }
}

#[test]
fn the_response_rate_is_answered_out_of_sent() {
    assert_eq!(response_rate(0, 0), None);
    assert_eq!(response_rate(4, 3), Some(0.75));
}

#[test]
fn a_reason_or_notes_are_required_and_bounded() {
    assert!(check_text("reason", " ", true).contains_key("reason"));
    assert!(check_text("note", "", false).is_empty());
    assert!(check_text("note", &"x".repeat(COMMENT_MAX + 1), false).contains_key("note"));
}
