//! Who should take a job: engineers ranked by skills that fit the device and
//! the fault, then by how little urgent work they already carry.

use serde::{Deserialize, Serialize};

/// An engineer as the dispatcher sees them when assigning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub user_id: u64,
    pub display_name: String,
    pub skills: Vec<String>,
    /// Open work orders assigned to them.
    pub open: u32,
    /// Of those, urgent ones.
    pub urgent_open: u32,
    /// Their skills found in the device and the fault description.
    pub matching_skills: Vec<String>,
    /// The best match comes first and is marked.
    pub suggested: bool,
}

/// A kind of work the firm's engineers are skilled in and its devices are
/// of (server, network, printer/copier …), with the words that show a job
/// is of that kind (its other names, the product lines of its devices).
/// The firm edits the list in its settings; a device names its category
/// and an engineer's skills are picked from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub name: String,
    #[serde(default)]
    pub words: Vec<String>,
}

/// The list a firm starts with. An engineer's skill belongs to the
/// category it names ("copier" and "打印机" are both printer/copier work),
/// so a copier jam logged in Chinese against a Canon imageRUNNER finds the
/// engineer tagged "printer".
const DEFAULT_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "server",
        &[
            "server",
            "服务器",
            "poweredge",
            "thinksystem",
            "proliant",
            "主机",
        ],
    ),
    (
        "storage",
        &[
            "storage", "存储", "nas", "san", "disk", "硬盘", "磁盘", "阵列", "raid",
        ],
    ),
    (
        "network",
        &[
            "network",
            "网络",
            "交换机",
            "switch",
            "router",
            "路由",
            "catalyst",
            "断网",
            "vpn",
            "wi-fi",
            "wifi",
            "无线",
            "firewall",
            "防火墙",
            "fortigate",
        ],
    ),
    (
        "printer/copier",
        &[
            "printer",
            "copier",
            "打印",
            "复印",
            "laserjet",
            "imagerunner",
            "卡纸",
            "扫描",
            "scanner",
            "mfp",
            "硒鼓",
            "toner",
        ],
    ),
    ("ups", &["ups", "不间断电源"]),
    (
        "pc",
        &["pc", "desktop", "laptop", "电脑", "笔记本", "台式机"],
    ),
    ("erp", &["erp", "sap", "用友", "金蝶"]),
    (
        "database",
        &[
            "database",
            "数据库",
            "oracle",
            "mysql",
            "sql server",
            "postgresql",
        ],
    ),
];

pub fn default_categories() -> Vec<Category> {
    DEFAULT_CATEGORIES
        .iter()
        .map(|(name, words)| Category {
            name: (*name).to_owned(),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
        })
        .collect()
}

/// The most categories a firm keeps, and words per category.
pub const MAX_CATEGORIES: usize = 60;
pub const MAX_WORDS: usize = 60;

/// What is wrong with a firm's list: names present, short and unique
/// (case does not matter), words short and not too many.
pub fn check_categories(list: &[Category]) -> Option<String> {
    if list.len() > MAX_CATEGORIES {
        return Some(format!("at most {MAX_CATEGORIES} categories"));
    }
    for (i, c) in list.iter().enumerate() {
        let n = c.name.trim().chars().count();
        if n == 0 || n > 40 {
            return Some("each category needs a name of at most 40 characters".into());
        }
        if list[..i]
            .iter()
            .any(|o| o.name.trim().to_lowercase() == c.name.trim().to_lowercase())
        {
            return Some(format!("{} is listed twice", c.name.trim()));
        }
        if c.words.len() > MAX_WORDS || c.words.iter().any(|w| w.chars().count() > 40) {
            return Some(format!(
                "{}: at most {MAX_WORDS} words of at most 40 characters",
                c.name.trim()
            ));
        }
    }
    None
}

/// Whether `term` (lowercase) occurs in `text` (lowercase). A Latin term
/// stands as a word of its own (a plural "s" allowed), so "ups" does not
/// match "groups"; a Chinese term matches anywhere in the text.
fn mentions(text: &str, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    if !term.is_ascii() {
        return text.contains(term);
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + term.len()..];
        let mut after = rest.chars();
        let next = after.next();
        !word(before) && (!word(next) || (next == Some('s') && !word(after.next())))
    })
}

/// The category a skill tag (or a device's category) names: the category
/// itself, one of its words, or a tag containing one of its words
/// ("打印机" contains "打印").
pub fn category_of<'a>(skill: &str, cats: &'a [Category]) -> Option<&'a str> {
    let s = skill.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    let lower = |w: &String| w.trim().to_lowercase();
    cats.iter()
        .find(|c| lower(&c.name) == s || c.words.iter().any(|w| lower(w) == s))
        .or_else(|| {
            cats.iter()
                .find(|c| c.words.iter().any(|w| mentions(&s, &lower(w))))
        })
        .map(|c| c.name.as_str())
}

/// The job an engineer is ranked for: its text (the device's product,
/// brand and model, the fault) and the device's category, if it has one.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub text: &'a str,
    pub category: Option<&'a str>,
}

/// Whether the job is work of this skill: the device is of the skill's
/// category, or the text mentions the skill itself or any word of its
/// category.
fn fits(skill: &str, job: &Job, text: &str, cats: &[Category]) -> bool {
    let s = skill.trim().to_lowercase();
    if s.is_empty() {
        return false;
    }
    if mentions(text, &s) {
        return true;
    }
    let Some(kind) = category_of(&s, cats) else {
        return false;
    };
    if job
        .category
        .and_then(|d| category_of(d, cats))
        .is_some_and(|d| d == kind)
    {
        return true;
    }
    cats.iter().find(|c| c.name == kind).is_some_and(|c| {
        c.words
            .iter()
            .any(|w| mentions(text, &w.trim().to_lowercase()))
    })
}

/// The skills of `skills` that fit the job (case does not matter).
pub fn matching(skills: &[String], job: &Job, cats: &[Category]) -> Vec<String> {
    let text = job.text.to_lowercase();
    skills
        .iter()
        .filter(|s| fits(s, job, &text, cats))
        .cloned()
        .collect()
}

/// How many kinds of the job's work the engineer covers: the distinct
/// categories of their fitting skills (a skill outside the list counts
/// as its own). Two tags for one category ("printer", "打印机") count once.
fn fit(matching: &[String], cats: &[Category]) -> usize {
    let mut kinds: Vec<String> = matching
        .iter()
        .map(|s| match category_of(s, cats) {
            Some(c) => c.to_owned(),
            None => s.trim().to_lowercase(),
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds.len()
}

/// Ranks engineers for a job: skills that fit the job first (the number of
/// its kinds of work they cover), and only among equally fitting engineers
/// the load: fewest urgent open tasks, then fewest open tasks, then name.
/// Marks the first as suggested. The load should not count the job itself
/// (an engineer it was dispatched to carries it already), so the suggestion
/// stays put after dispatching.
pub fn rank(mut candidates: Vec<Candidate>, job: &Job, cats: &[Category]) -> Vec<Candidate> {
    for c in &mut candidates {
        c.matching_skills = matching(&c.skills, job, cats);
        c.suggested = false;
    }
    candidates.sort_by(|a, b| {
        fit(&b.matching_skills, cats)
            .cmp(&fit(&a.matching_skills, cats))
            .then(a.urgent_open.cmp(&b.urgent_open))
            .then(a.open.cmp(&b.open))
            .then(a.display_name.cmp(&b.display_name))
            .then(a.user_id.cmp(&b.user_id))
    });
    if let Some(first) = candidates.first_mut() {
        first.suggested = true;
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank_text(c: Vec<Candidate>, text: &str) -> Vec<Candidate> {
        rank(
            c,
            &Job {
                text,
                category: None,
            },
            &default_categories(),
        )
    }

    fn cat(skill: &str) -> Option<String> {
        category_of(skill, &default_categories()).map(str::to_owned)
    }

    fn matches(skills: &[String], text: &str) -> Vec<String> {
        matching(
            skills,
            &Job {
                text,
                category: None,
            },
            &default_categories(),
        )
    }

    fn eng(id: u64, skills: &[&str], open: u32, urgent: u32) -> Candidate {
        Candidate {
            user_id: id,
            display_name: format!("工程师{id}"),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            open,
            urgent_open: urgent,
            matching_skills: vec![],
            suggested: false,
        }
    }

    #[test]
    fn the_skill_that_fits_wins_then_the_lightest_urgent_load() {
        let ranked = rank_text(
            vec![
                eng(1, &["network"], 0, 0),
                eng(2, &["Printer", "打印机"], 5, 2),
                eng(3, &["printer"], 6, 1),
            ],
            "HP LaserJet printer 卡纸",
        );
        let order: Vec<u64> = ranked.iter().map(|c| c.user_id).collect();
        assert_eq!(order, [3, 2, 1]);
        assert!(ranked[0].suggested && !ranked[1].suggested);
        assert_eq!(
            ranked[1].matching_skills,
            ["Printer", "打印机"],
            "two tags of one kind of work: counted once"
        );
    }

    fn named(id: u64, name: &str, skills: &[&str], open: u32, urgent: u32) -> Candidate {
        Candidate {
            display_name: name.into(),
            ..eng(id, skills, open, urgent)
        }
    }

    /// The demo: 王工 (network, server), 赵工 (printer, copier), Chen Tao
    /// (ERP, database), and a copier jam on a Canon imageRUNNER logged in
    /// Chinese.
    fn demo_staff(zhao_open: u32, chen_open: u32) -> Vec<Candidate> {
        vec![
            named(1, "王工", &["network", "server"], 0, 0),
            named(2, "赵工", &["printer", "copier"], zhao_open, 0),
            named(3, "Chen Tao", &["ERP", "database"], chen_open, 0),
        ]
    }

    const COPIER_JAM: &str = "复印机卡纸 imageRUNNER 2625 Canon iR2625 复印机扫描到邮箱失败";

    #[test]
    fn a_copier_jam_goes_to_the_printer_engineer_not_the_erp_one() {
        let ranked = rank_text(demo_staff(0, 0), COPIER_JAM);
        assert_eq!(ranked[0].display_name, "赵工");
        assert!(ranked[0].suggested);
        assert_eq!(ranked[0].matching_skills, ["printer", "copier"]);
        assert!(ranked[1].matching_skills.is_empty());
        // Skill first, then load: busier, still the one who knows copiers.
        let ranked = rank_text(demo_staff(1, 0), COPIER_JAM);
        assert_eq!(ranked[0].display_name, "赵工");
        let ranked = rank_text(demo_staff(4, 0), COPIER_JAM);
        assert_eq!(ranked[0].display_name, "赵工");
        // A category named as the skill matches too.
        let ranked = rank_text(
            vec![
                named(3, "Chen Tao", &["ERP"], 0, 0),
                named(4, "孙工", &["Printer/Copier"], 2, 1),
            ],
            "Canon imageRUNNER iR2625 无法启动",
        );
        assert_eq!(ranked[0].display_name, "孙工", "{ranked:?}");
    }

    #[test]
    fn words_of_a_category_are_whole_words_in_latin_text() {
        assert_eq!(cat("打印机"), Some("printer/copier".to_owned()));
        assert_eq!(cat("Copier"), Some("printer/copier".to_owned()));
        assert_eq!(cat("UPS"), Some("ups".to_owned()));
        assert_eq!(cat("welding"), None);
        assert!(matches(&["UPS".into()], "backup groups failing").is_empty());
        assert_eq!(matches(&["UPS".into()], "机房 UPS 告警"), ["UPS"]);
        assert_eq!(matches(&["server".into()], "two Servers down"), ["server"]);
        assert!(matches(&["".into()], "anything").is_empty());
    }

    #[test]
    fn with_no_skill_fitting_the_least_loaded_is_suggested() {
        let ranked = rank_text(
            vec![eng(1, &["ERP"], 3, 0), eng(2, &[], 1, 0), eng(3, &[], 0, 1)],
            "服务器无法开机",
        );
        assert_eq!(ranked[0].user_id, 2);
        assert!(rank_text(vec![], "x").is_empty());
    }

    #[test]
    fn the_devices_category_from_the_firms_list_ranks_first() {
        let mut cats = default_categories();
        cats.push(Category {
            name: "门禁 Access control".into(),
            words: vec!["门禁".into(), "access control".into()],
        });
        let staff = vec![
            named(1, "王工", &["server"], 0, 0),
            named(2, "赵工", &["门禁 Access control"], 3, 1),
        ];
        // The text says nothing of the kind of device; its category does.
        let job = Job {
            text: "大门打不开 ZK-F22",
            category: Some("门禁 Access control"),
        };
        let ranked = rank(staff.clone(), &job, &cats);
        assert_eq!(ranked[0].display_name, "赵工", "{ranked:?}");
        assert_eq!(ranked[0].matching_skills, ["门禁 Access control"]);
        // Without the category, load decides.
        let ranked = rank(
            staff,
            &Job {
                category: None,
                ..job
            },
            &cats,
        );
        assert_eq!(ranked[0].display_name, "王工");
        // The demo's copier, its category set: the printer engineer.
        let job = Job {
            text: "无法启动",
            category: Some("printer/copier"),
        };
        let ranked = rank(demo_staff(4, 0), &job, &default_categories());
        assert_eq!(ranked[0].display_name, "赵工");
    }

    #[test]
    fn a_firms_list_needs_unique_short_names() {
        assert_eq!(check_categories(&default_categories()), None);
        let c = |n: &str| Category {
            name: n.into(),
            words: vec![],
        };
        assert!(check_categories(&[c("UPS"), c("ups ")])
            .unwrap()
            .contains("twice"));
        assert!(check_categories(&[c(" ")]).is_some());
        assert!(check_categories(&[c(&"x".repeat(41))]).is_some());
    }
}
