//! The checker on a hand-built problem (`tests/support/check_fixture.rs`): a valid plan
//! passes, and breaking one rule in a copy of it makes the checker report exactly that rule.

#[path = "support/check_fixture.rs"]
mod fixture;

use beatplan::check::{self, CheckReport, RULES};
use beatplan::model::{Frequency, Match, Problem, Weekday};
use beatplan::plan::{Plan, Route, Unserved};
use beatplan::travel::Crow;
use fixture::{at, parts, spec, Parts, Spec, H};
use proptest::strategy::Strategy;
fn run(p: &Problem, plan: &Plan) -> CheckReport {
    check::check(p, &Crow::new(p), plan)
}

/// Asserts that the report breaks exactly `rule` and that its messages mention `names`.
fn assert_only(report: &CheckReport, rule: &str, names: &[&str]) {
    assert!(
        RULES.iter().any(|(r, _)| *r == rule),
        "{rule} is not a listed rule"
    );
    assert_eq!(
        report.rules(),
        vec![rule],
        "expected only {rule}; got:\n{}",
        report
            .violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for name in names {
        assert!(
            report.violations.iter().any(|v| v.message.contains(name)),
            "no {rule} message names {name}: {:?}",
            report.violations
        );
    }
}

/// The fixture problem with a plan broken by `edit`.
fn broken(edit: impl FnOnce(&mut Spec)) -> CheckReport {
    let p = parts().problem();
    let mut s = spec();
    edit(&mut s);
    run(&p, &s.plan(&p))
}

/// A problem changed by `edit`, with the valid plan.
fn changed(edit: impl FnOnce(&mut Parts)) -> CheckReport {
    let mut parts = parts();
    edit(&mut parts);
    let p = parts.problem();
    run(&p, &spec().plan(&p))
}

/// The valid plan with its fields edited after timing.
fn edited(edit: impl FnOnce(&mut Plan)) -> CheckReport {
    let p = parts().problem();
    let travel = Crow::new(&p);
    let mut plan = spec().plan(&p);
    edit(&mut plan);
    plan.kpis = check::kpis(&p, &travel, &plan);
    run(&p, &plan)
}

fn route_mut<'a>(plan: &'a mut Plan, manager: &str, day: u32) -> &'a mut Route {
    plan.routes
        .iter_mut()
        .find(|r| r.manager == manager && r.day == day)
        .expect("fixture route")
}

#[test]
fn valid_plan_passes() {
    let p = parts().problem();
    let plan = spec().plan(&p);
    let report = run(&p, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
    assert_eq!(report.kpis, plan.kpis);
    assert_eq!(report.kpis.visits, 17);
    assert_eq!(report.kpis.routes, 16);
    assert_eq!(report.kpis.clients, 5);
    assert_eq!(report.kpis.managers, 3);
    assert_eq!(report.kpis.unserved_visits, 0);
    // 4 × 20 + 8 × 15 + 4 × 30 (team) + 1 × 30 minutes of service.
    assert!((report.kpis.service_hours - (80.0 + 120.0 + 120.0 + 30.0) / 60.0).abs() < 1e-9);
    assert!(report.kpis.travel_km > 0.0 && report.kpis.workload_max_over_mean >= 1.0);

    // The same plan read back from JSON passes too.
    let text = serde_json::to_string(&plan).expect("serialise");
    let back: Plan = serde_json::from_str(&text).expect("parse");
    assert!(run(&p, &back).is_valid());
}

#[test]
fn rule_names_are_unique() {
    let mut names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn unknown_ids() {
    let report = broken(|s| {
        s.assignments.push(("ghost", "general", "m1"));
        s.routes.push(("nobody", 4, vec![]));
    });
    assert_only(&report, "unknown_id", &["ghost", "nobody"]);
    assert_eq!(report.violations.len(), 2);
}

#[test]
fn role_not_required() {
    let report = broken(|s| s.assignments.push(("c2", "supervisor", "s1")));
    assert_only(&report, "role_not_required", &["c2", "supervisor"]);
}

#[test]
fn day_out_of_range() {
    let report = broken(|s| s.routes.push(("m2", 10, vec![])));
    assert_only(&report, "day_out_of_range", &["m2", "day 10"]);
}

#[test]
fn non_working_day() {
    // s1 works Mon-Thu; day 4 is a Friday.
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 4)]));
    assert_only(&report, "manager_day_off", &["s1", "day 4 (Fri)"]);
}

#[test]
fn client_day_not_allowed() {
    // c5 may be visited Mon, Wed, Fri only; days 1 and 6 are Tuesdays.
    let report = broken(|s| s.move_visits("c5", "m2", "m2", &[(2, 1), (7, 6)]));
    assert_only(&report, "client_day", &["c5", "day 1 (Tue)", "day 6 (Tue)"]);
}

#[test]
fn missing_assignment() {
    let report = broken(|s| s.assignments.retain(|a| a.0 != "c2"));
    assert_only(&report, "assignment_missing", &["c2", "general"]);
}

#[test]
fn duplicate_assignment() {
    let report = broken(|s| s.assignments.push(("c2", "general", "m2")));
    assert_only(&report, "assignment_duplicate", &["c2", "m1", "m2"]);
}

#[test]
fn wrong_manager_role() {
    let report = broken(|s| {
        s.assignments.retain(|a| a.0 != "c5");
        s.assignments.push(("c5", "general", "s1"));
        s.move_visits("c5", "m2", "s1", &[]);
    });
    assert_only(&report, "manager_role", &["c5", "s1", "supervisor"]);
}

#[test]
fn allow_list() {
    let report = changed(|p| p.client("c2").district = Some("East".into()));
    assert_only(&report, "allow_list", &["c2", "m1", "East"]);
}

#[test]
fn competency() {
    let report = changed(|p| p.client("c2").business_type = Some("A".into()));
    assert_only(&report, "competency", &["c2", "m1"]);
}

#[test]
fn locked_manager_kept() {
    let report = broken(|s| {
        s.assignments.retain(|a| !(a.0 == "c4" && a.1 == "general"));
        s.assignments.push(("c4", "general", "m2"));
        s.move_visits("c4", "m1", "m2", &[]);
    });
    assert_only(&report, "locked", &["c4", "m1", "m2"]);
}

#[test]
fn max_clients() {
    let report = changed(|p| p.manager("m1").max_clients = Some(2));
    assert_only(&report, "max_clients", &["m1", "3", "2"]);
}

#[test]
fn visit_by_another_manager() {
    let report = broken(|s| s.move_visits("c2", "m1", "m2", &[]));
    assert_only(&report, "visit_manager", &["c2", "m2", "m1"]);
    assert_eq!(report.violations.len(), 2);
}

#[test]
fn visit_count() {
    let report = broken(|s| {
        s.routes
            .push(("m1", 4, vec![("c2", "general", at(9, 0), None)]))
    });
    assert_only(&report, "visit_count", &["c2", "3", "2"]);
}

#[test]
fn fixed_spacing() {
    // Mon+Tue every week repeats the weekdays but gives gaps 1,4,1,4 outside [2, 3].
    let report = broken(|s| s.move_visits("c1", "m2", "m2", &[(3, 1), (8, 6)]));
    assert_only(&report, "spacing", &["c1", "0,1,5,6", "[2, 3]"]);
}

#[test]
fn fixed_weekday_repetition() {
    // Mon+Thu, then Mon+Wed: gaps 3,2,2,3 are fine, but the weekdays differ between weeks.
    let report = broken(|s| s.move_visits("c1", "m2", "m2", &[(8, 7)]));
    assert_only(&report, "fixed_weekdays", &["c1", "Thu", "Wed"]);
}

#[test]
fn elastic_spacing() {
    let report = broken(|s| s.move_visits("c2", "m1", "m1", &[(7, 3)]));
    assert_only(&report, "spacing", &["c2", "1,3", "[4, 6]"]);
}

#[test]
fn staggering_clash() {
    // s1 visits c4 on the day m1 does.
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 3)]));
    assert_only(&report, "staggering", &["c4", "day 3", "m1", "s1"]);
}

#[test]
fn unsynchronised_team_visit() {
    let report = broken(|s| s.stop("s1", 1, "c3").2 += 60);
    assert_only(&report, "team_sync", &["T1", "c3", "s1"]);
}

#[test]
fn team_missing_role() {
    let report = broken(|s| {
        s.remove_visits("c3", "supervisor", "s1", Some(6));
        s.unserved.push(("c3", "supervisor", 1, "test"));
    });
    assert_only(&report, "team_roles", &["T2", "c3", "supervisor"]);
}

#[test]
fn team_visit_at_client_without_team_rule() {
    let report = broken(|s| s.stop("m1", 1, "c2").3 = Some("T9"));
    assert_only(&report, "team_visit", &["T9", "c2"]);
}

#[test]
fn team_visit_split_over_days() {
    // One id over two days: T1 spans days 1 and 6, and T2 is left without its supervisor.
    let report = broken(|s| s.stop("s1", 6, "c3").3 = Some("T1"));
    let rules = report.rules();
    assert!(
        rules.contains(&"team_visit") && rules.contains(&"team_roles"),
        "{rules:?}"
    );
}

#[test]
fn leave_before_shift() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.leave_s -= 2 * H;
        r.visits[0].arrival_s -= 2 * H;
    });
    assert_only(&report, "shift", &["m1", "day 0", "08:00"]);
}

#[test]
fn return_after_shift() {
    let report = broken(|s| s.stop("m1", 0, "c3").2 = at(17, 50));
    assert_only(&report, "shift", &["m1", "day 0", "18:00"]);
}

#[test]
fn max_minutes() {
    // Shift 06:00-23:00 allows leaving at 06:30, but not 8.5 hours of work.
    let report = edited(|plan| {
        let r = route_mut(plan, "s1", 2);
        let early = r.leave_s - at(6, 30);
        r.leave_s -= early;
        r.visits[0].arrival_s -= early;
    });
    assert_only(&report, "max_minutes", &["s1", "480"]);
}

#[test]
fn wrong_arrival_time() {
    let report = edited(|plan| route_mut(plan, "m1", 3).visits[0].arrival_s -= 60);
    assert_only(&report, "arrival", &["m1", "c4", "day 3"]);
}

#[test]
fn wrong_return_time() {
    let report = edited(|plan| route_mut(plan, "m1", 3).return_s += 60);
    assert_only(&report, "return_time", &["m1", "day 3"]);
}

#[test]
fn start_before_arrival() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.visits[0].start_s -= 60;
        r.visits[0].end_s -= 60;
        r.return_s -= 60;
    });
    assert_only(&report, "start_time", &["m1", "c3"]);
}

#[test]
fn window_violation() {
    // c4 opens at 14:00.
    let report = broken(|s| s.stop("m1", 3, "c4").2 = at(13, 30));
    assert_only(&report, "window", &["c4", "13:30", "14:00-18:00"]);
}

#[test]
fn wrong_service_duration() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.visits[0].end_s -= 60;
        r.return_s -= 60;
    });
    assert_only(&report, "service_duration", &["c3", "840", "900"]);
}

#[test]
fn distance_mismatch() {
    let report = edited(|plan| route_mut(plan, "m2", 0).distance_m += 1);
    assert_only(&report, "distance", &["m2", "day 0"]);
}

#[test]
fn duplicate_route() {
    let report = broken(|s| s.routes.push(("m1", 0, vec![])));
    assert_only(&report, "route_duplicate", &["m1", "day 0"]);
}

#[test]
fn balance() {
    let report = changed(|p| p.policy.tolerance = 0.0);
    assert_only(&report, "balance", &["m1", "general"]);
    assert_eq!(report.violations.len(), 1);
}

#[test]
fn unserved_mismatch() {
    let report = broken(|s| s.unserved.push(("c2", "general", 1, "test")));
    assert_only(&report, "unserved_mismatch", &["c2", "general"]);
}

#[test]
fn unserved_entry_malformed() {
    let report = broken(|s| s.unserved.push(("c2", "general", 0, " ")));
    assert_only(&report, "unserved_entry", &["c2", "reason"]);
}

#[test]
fn kpi_mismatch() {
    let p = parts().problem();
    let mut plan = spec().plan(&p);
    plan.kpis.travel_km += 1.0;
    plan.kpis.visits += 1;
    let report = run(&p, &plan);
    assert_only(&report, "kpis", &["travel_km", "visits"]);
    // Rounding to two decimals is tolerated.
    let mut plan = spec().plan(&p);
    plan.kpis.travel_km = (plan.kpis.travel_km * 100.0).round() / 100.0;
    assert!(run(&p, &plan).is_valid());
}

#[test]
fn min_one_visit() {
    let report = broken(|s| {
        s.remove_visits("c5", "general", "m2", None);
        s.unserved.push(("c5", "general", 2, "dropped"));
    });
    assert_only(&report, "min_one_visit", &["c5", "general"]);
}

#[test]
fn min_one_visit_for_team_rule() {
    let report = broken(|s| {
        s.remove_visits("c3", "supervisor", "s1", None);
        s.routes.iter_mut().for_each(|(_, _, stops)| {
            stops.retain(|st| st.3.is_none());
        });
        s.routes.retain(|(_, _, stops)| !stops.is_empty());
        s.unserved.push(("c3", "supervisor", 2, "dropped"));
        s.unserved.push(("c3", "general", 2, "dropped"));
    });
    assert_only(&report, "min_one_visit", &["c3", "team rule 1"]);
}

#[test]
fn unservable_client_is_excused() {
    // Nobody works on Saturdays: listing c5's visits unserved is all a plan can do.
    let mut parts = parts();
    parts.client("c5").days = [Weekday::Sat].into_iter().collect();
    let p = parts.problem();
    let mut s = spec();
    s.remove_visits("c5", "general", "m2", None);
    s.unserved
        .push(("c5", "general", 2, "no manager works on its days"));
    let report = run(&p, &s.plan(&p));
    assert!(report.is_valid(), "{:#?}", report.violations);
}

#[test]
fn missing_assignment_is_excused_without_eligible_manager() {
    // c1 needs competency 3; with m2 at 2 no general manager may serve it.
    let mut parts = parts();
    parts.manager("m2").competency = 2.0;
    let p = parts.problem();
    let mut s = spec();
    s.assignments.retain(|a| a.0 != "c1");
    s.remove_visits("c1", "general", "m2", None);
    s.unserved
        .push(("c1", "general", 4, "no manager reaches competency 3"));
    let report = run(&p, &s.plan(&p));
    assert!(report.is_valid(), "{:#?}", report.violations);
    // Without listing the visits unserved the plan is wrong.
    s.unserved.clear();
    let report = run(&p, &s.plan(&p));
    assert_only(&report, "unserved_mismatch", &["c1", "4 visits required"]);
}

#[test]
fn violations_carry_ids() {
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 3)]));
    let v = &report.violations[0];
    assert_eq!(v.client.as_deref(), Some("c4"));
    assert_eq!(v.day, Some(3));
}

#[test]
fn weekday_label() {
    let report = edited(|plan| route_mut(plan, "m1", 0).weekday = Some("Sun".into()));
    assert_only(&report, "weekday_label", &["m1", "Sun", "Mon"]);
    let report = edited(|plan| route_mut(plan, "m1", 0).weekday = Some("Mon".into()));
    assert!(report.is_valid());
}

proptest::proptest! {
    /// Any single time or distance of the valid plan moved without re-timing the rest is found,
    /// and the reported KPIs always equal the recomputed ones after `kpis()` fills them.
    #[test]
    fn any_single_perturbation_is_found(
        route in 0usize..16,
        field in 0usize..6,
        delta in (-3600i64..3600).prop_filter("nonzero", |d| *d != 0),
    ) {
        let p = parts().problem();
        let travel = Crow::new(&p);
        let mut plan = spec().plan(&p);
        let r = &mut plan.routes[route];
        let last = r.visits.len() - 1;
        match field {
            0 => r.leave_s += delta,
            1 => r.return_s += delta,
            2 => r.distance_m += delta,
            3 => r.visits[last].arrival_s += delta,
            4 => r.visits[0].start_s += delta,
            _ => r.visits[last].end_s += delta,
        }
        plan.kpis = check::kpis(&p, &travel, &plan);
        let report = check::check(&p, &travel, &plan);
        proptest::prop_assert!(!report.is_valid());
        proptest::prop_assert!(!report.rules().contains(&"kpis"));
        proptest::prop_assert_eq!(report.kpis, plan.kpis);
    }
}

#[test]
fn pooled_rules_of_one_role() {
    // c2 matches two general rules: regular (k = 2) and business type B (k = 1).
    let mut parts = parts();
    parts.client("c2").business_type = Some("B".into());
    let mut rule = parts.policy.visits[1].clone();
    rule.matcher = Match {
        business_type: Some("B".into()),
        ..Match::default()
    };
    rule.frequency = Frequency::EveryWeeks(2);
    parts.policy.visits.push(rule);
    let p = parts.problem();

    // Three visits meet both rules together.
    let mut s = spec();
    s.routes
        .push(("m1", 4, vec![("c2", "general", at(9, 0), None)]));
    let report = run(&p, &s.plan(&p));
    assert!(report.is_valid(), "{:#?}", report.violations);

    // Two visits and one listed unserved: each rule still has a visit.
    let mut s = spec();
    s.unserved.push(("c2", "general", 1, "short of time"));
    assert!(run(&p, &s.plan(&p)).is_valid());

    // One visit for two rules drops one of them.
    s.remove_visits("c2", "general", "m1", Some(7));
    s.unserved[0].2 = 2;
    assert_only(&run(&p, &s.plan(&p)), "min_one_visit", &["c2", "2 rule(s)"]);
}

proptest::proptest! {
    /// Absurd figures and ids in a plan read from a file are reported, never a panic.
    #[test]
    fn absurd_plans_never_panic(
        route in 0usize..16,
        value in proptest::prop_oneof![
            proptest::strategy::Just(i64::MIN),
            proptest::strategy::Just(i64::MAX),
            -100_000i64..200_000,
        ],
        day in proptest::prop_oneof![proptest::strategy::Just(u32::MAX), 0u32..20],
        missing in proptest::prop_oneof![proptest::strategy::Just(u32::MAX), 0u32..5],
    ) {
        let p = parts().problem();
        let travel = Crow::new(&p);
        let mut plan = spec().plan(&p);
        let r = &mut plan.routes[route];
        r.day = day;
        r.leave_s = value;
        r.visits[0].start_s = value;
        r.visits[0].end_s = value.wrapping_neg();
        r.visits[0].team = Some("T1".into());
        r.visits[0].client = if value % 2 == 0 { "c1".into() } else { "nowhere".into() };
        plan.unserved.push(Unserved {
            client: "c2".into(),
            role: "general".into(),
            visits_missing: missing,
            reason: String::new(),
        });
        plan.unserved.push(Unserved {
            client: "c2".into(),
            role: "general".into(),
            visits_missing: missing,
            reason: "again".into(),
        });
        let report = check::check(&p, &travel, &plan);
        proptest::prop_assert!(!report.is_valid());
        let _ = check::kpis(&p, &travel, &plan);
    }
}
