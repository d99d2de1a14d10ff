use super::*;
use crate::inspections::examples;

fn reading(min: Option<f64>, max: Option<f64>) -> ChecklistItem {
    ChecklistItem {
        code: "battery_voltage".into(),
        label_zh: "电池电压".into(),
        label_en: "Battery voltage".into(),
        kind: ItemKind::Reading,
        unit: "V".into(),
        min,
        max,
        choices: vec![],
        failing_choices: vec![],
        required: true,
        severity: Urgency::Important,
        hint: String::new(),
    }
}

fn template(items: Vec<ChecklistItem>) -> NewTemplate {
    NewTemplate {
        name_zh: "UPS".into(),
        items,
        ..NewTemplate::default()
    }
}

fn errors(t: &NewTemplate) -> FieldErrors {
    let mut e = FieldErrors::new();
    check_template(t, &mut e);
    e
}

#[test]
fn a_reading_outside_its_range_fails_by_itself() {
    let item = reading(Some(12.0), Some(13.8));
    let at = |v: f64| judge(&item, &Answer::Reading { value: v });
    assert_eq!(at(12.0), Ok(Verdict::Passed));
    assert_eq!(at(13.8), Ok(Verdict::Passed));
    assert_eq!(at(11.99), Ok(Verdict::Failed));
    assert_eq!(at(13.81), Ok(Verdict::Failed));
    assert!(at(f64::NAN).is_err());
    assert!(at(f64::INFINITY).is_err());
    let at_most = reading(None, Some(85.0));
    assert_eq!(
        judge(&at_most, &Answer::Reading { value: -3.0 }),
        Ok(Verdict::Passed)
    );
    assert_eq!(
        judge(&at_most, &Answer::Reading { value: 85.5 }),
        Ok(Verdict::Failed)
    );
    assert_eq!(item.range_text(), "12–13.8 V");
    assert_eq!(at_most.range_text(), "≤ 85 V");
}

#[test]
fn an_answer_must_fit_its_item() {
    let item = reading(Some(1.0), None);
    assert!(judge(&item, &Answer::Pass).is_err());
    let mut choice = reading(None, None);
    choice.kind = ItemKind::Choice;
    choice.unit.clear();
    choice.choices = vec!["正常".into(), "告警".into()];
    choice.failing_choices = vec!["告警".into()];
    assert_eq!(
        judge(
            &choice,
            &Answer::Choice {
                value: "告警".into()
            }
        ),
        Ok(Verdict::Failed)
    );
    assert_eq!(
        judge(
            &choice,
            &Answer::Choice {
                value: "正常".into()
            }
        ),
        Ok(Verdict::Passed)
    );
    assert!(judge(
        &choice,
        &Answer::Choice {
            value: "坏了".into()
        }
    )
    .is_err());
}

#[test]
fn impossible_templates_are_refused_by_field() {
    assert!(errors(&template(vec![])).contains_key("items"));
    assert!(errors(&template(vec![reading(Some(14.0), Some(12.0))])).contains_key("items[0]"));
    assert!(errors(&template(vec![reading(Some(f64::NAN), None)])).contains_key("items[0]"));
    let mut twice = vec![reading(None, None), reading(None, None)];
    twice[1].label_zh = "另一个".into();
    assert!(errors(&template(twice)).contains_key("items[1]"));
    let mut pass_fail_with_range = reading(Some(1.0), None);
    pass_fail_with_range.kind = ItemKind::PassFail;
    assert!(errors(&template(vec![pass_fail_with_range])).contains_key("items[0]"));
    let mut bad_code = reading(None, None);
    bad_code.code = "电池".into();
    assert!(errors(&template(vec![bad_code])).contains_key("items[0]"));
    let mut no_name = template(vec![reading(None, None)]);
    no_name.name_zh.clear();
    assert!(errors(&no_name).contains_key("name_zh"));
    let mut all_fail = reading(None, None);
    all_fail.kind = ItemKind::Choice;
    all_fail.unit.clear();
    all_fail.choices = vec!["a".into(), "b".into()];
    all_fail.failing_choices = vec!["a".into(), "b".into()];
    assert!(errors(&template(vec![all_fail])).contains_key("items[0]"));
}

#[test]
fn the_shipped_examples_are_valid_and_bilingual() {
    let all = examples::all();
    assert_eq!(
        all.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        ["server", "ups", "switch", "printer"]
    );
    for e in all {
        assert!(
            errors(&e.template).is_empty(),
            "{}: {:?}",
            e.key,
            errors(&e.template)
        );
        assert!(!e.template.name_zh.is_empty() && !e.template.name_en.is_empty());
        for item in &e.template.items {
            assert!(
                !item.label_zh.is_empty() && !item.label_en.is_empty(),
                "{}",
                item.code
            );
        }
    }
    let ups = examples::by_key("ups").unwrap();
    let voltage = ups
        .items
        .iter()
        .find(|i| i.code == "battery_voltage")
        .unwrap();
    assert_eq!(
        judge(voltage, &Answer::Reading { value: 11.6 }),
        Ok(Verdict::Failed)
    );
}

#[test]
fn codes_come_from_labels_when_none_is_typed() {
    assert_eq!(
        code_from_label("Battery voltage (V)", 0),
        "battery_voltage_v"
    );
    assert_eq!(code_from_label("电池电压", 4), "item_5");
    let mut a = reading(None, None);
    a.code.clear();
    let mut b = a.clone();
    b.label_zh = "电池电压 2".into();
    let t = tidy_template(template(vec![a, b]));
    assert_eq!(t.items[0].code, "battery_voltage");
    assert_eq!(t.items[1].code, "battery_voltage_2");
    assert!(errors(&t).is_empty());
}

#[test]
fn a_template_fits_its_class_and_models() {
    let t = InspectionTemplate {
        id: 1,
        version: 1,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
        family_id: 1,
        revision: 1,
        current: true,
        active: true,
        name_zh: "UPS".into(),
        name_en: String::new(),
        device_class: "UPS".into(),
        models: vec!["SRT3000".into()],
        description: String::new(),
        items: vec![],
    };
    assert!(fits(&t, "ups", "srt3000"));
    assert!(!fits(&t, "ups", "SRT1000"));
    assert!(!fits(&t, "服务器", "SRT3000"));
}
