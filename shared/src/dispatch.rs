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

/// The skills of `skills` that the job's text mentions (case does not
/// matter; a skill tag like "printer" or "打印机" is looked for as is).
pub fn matching(skills: &[String], job: &str) -> Vec<String> {
    let job = job.to_lowercase();
    skills
        .iter()
        .filter(|s| {
            let s = s.trim().to_lowercase();
            !s.is_empty() && job.contains(&s)
        })
        .cloned()
        .collect()
}

/// Ranks engineers for a job described by `job` (device product, brand,
/// model and the fault): most matching skills, then fewest urgent open
/// tasks, then fewest open tasks, then name. Marks the first as suggested.
pub fn rank(mut candidates: Vec<Candidate>, job: &str) -> Vec<Candidate> {
    for c in &mut candidates {
        c.matching_skills = matching(&c.skills, job);
        c.suggested = false;
    }
    candidates.sort_by(|a, b| {
        b.matching_skills
            .len()
            .cmp(&a.matching_skills.len())
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
        let ranked = rank(
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
        assert_eq!(ranked[1].matching_skills, ["Printer"]);
    }

    #[test]
    fn with_no_skill_fitting_the_least_loaded_is_suggested() {
        let ranked = rank(
            vec![eng(1, &["ERP"], 3, 0), eng(2, &[], 1, 0), eng(3, &[], 0, 1)],
            "服务器无法开机",
        );
        assert_eq!(ranked[0].user_id, 2);
        assert!(rank(vec![], "x").is_empty());
    }
}
