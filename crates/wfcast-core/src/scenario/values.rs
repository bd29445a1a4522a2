//! Checks of a scenario file's values that need no baseline: distributions that leave a
//! parameter's range, and role moves that add up to more than everyone.

use super::levers::{Problem, RoleMove};
use super::rules::ParamRule;
use super::uncertain::Uncertain;
use crate::error::number;

/// The roles whose moves out add up to more than everyone: each move's rate may be valid on
/// its own while together they would move more people than the role has.
pub(super) fn moves_above_one(moves: &[RoleMove]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, m) in moves.iter().enumerate() {
        let from = m.from.get_ref();
        if moves[..i]
            .iter()
            .any(|earlier| earlier.from.get_ref() == from)
        {
            continue;
        }
        let group: Vec<&RoleMove> = moves[i..]
            .iter()
            .filter(|o| o.from.get_ref() == from)
            .collect();
        let total: f64 = group.iter().map(|o| o.rate.get_ref().central()).sum();
        if group.len() > 1 && total > 1.0 {
            let last = group[group.len() - 1];
            problems.push((
                last.rate.span(),
                format!(
                    "the moves out of `{from}` add up to {} a year, more than everyone in the role",
                    (total * 1e6).round() / 1e6
                ),
                "the rates of all moves from one role must sum to at most 1".to_owned(),
            ));
        }
    }
    problems
}

/// Why `u` does not fit `rule`'s range, if it does not.
pub(super) fn check_range(u: &Uncertain, rule: &ParamRule) -> Option<String> {
    let (lo, hi) = u.support();
    let c = u.central();
    if !(rule.lo..=rule.hi).contains(&c) {
        return Some(format!("the central value {} is out of range", number(c)));
    }
    if lo.is_finite() && lo < rule.lo || hi.is_finite() && hi > rule.hi {
        return Some(format!(
            "the distribution reaches [{}, {}], outside the valid range",
            number(lo),
            number(hi)
        ));
    }
    // A normal has no bounds, so its support says nothing. Its P10 and P90 must lie in the
    // range: then at most a tenth of the draws are clamped at either end, while a
    // distribution wider than the range (clamping a quarter of the draws to 0, say) is
    // refused, as the equivalent triangular would be.
    if let Some((p10, p90)) = u.p10_p90()
        && (p10 < rule.lo || p90 > rule.hi)
    {
        return Some(format!(
            "its P10 and P90 are {}, {}, outside the valid range: more than a tenth of the draws would be cut off at a bound",
            short(p10),
            short(p90)
        ));
    }
    None
}

/// `x` rounded to six significant digits, for messages: a computed quantile's last digits
/// are noise.
pub(super) fn short(x: f64) -> String {
    number(format!("{x:.5e}").parse::<f64>().unwrap_or(x))
}
