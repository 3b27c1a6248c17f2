//! Three-way merge of mapped fields (pure). `base` is what both sides last agreed on; a field
//! changed on one side only takes that side's value; a field changed on both sides to different
//! values is a conflict for the mediator, and keeps our value until they decide.

use std::collections::BTreeMap;

/// Mapped fields of one item, by name ("plain", "status"). `None`: empty.
pub type Fields = BTreeMap<String, Option<String>>;

/// A field both sides changed, in different ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// The field.
    pub field: String,
    /// Our value.
    pub ours: Option<String>,
    /// The store's value.
    pub theirs: Option<String>,
}

/// The outcome of [`merge3`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The fields after the merge (ours where a conflict is open).
    pub fields: Fields,
    /// Fields the mediator must decide on.
    pub conflicts: Vec<FieldConflict>,
}

/// Merges `ours` and `theirs` against `base`.
pub fn merge3(base: &Fields, ours: &Fields, theirs: &Fields) -> Merged {
    let mut names: Vec<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    names.sort();
    names.dedup();
    let mut fields = Fields::new();
    let mut conflicts = Vec::new();
    for name in names {
        let get = |f: &Fields| f.get(name).cloned().flatten();
        let (b, o, t) = (get(base), get(ours), get(theirs));
        let value = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            conflicts.push(FieldConflict {
                field: name.clone(),
                ours: o.clone(),
                theirs: t,
            });
            o
        };
        fields.insert(name.clone(), value);
    }
    Merged { fields, conflicts }
}

/// Builds [`Fields`] from pairs.
pub fn fields<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<String>)>) -> Fields {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.filter(|v| !v.is_empty())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(plain: &str, status: &str) -> Fields {
        fields([
            ("plain", Some(plain.into())),
            ("status", Some(status.into())),
        ])
    }

    #[test]
    fn a_change_on_one_side_wins() {
        let base = f("Naar school", "active");
        let m = merge3(&base, &f("Elke dag naar school", "active"), &base);
        assert_eq!(m.fields, f("Elke dag naar school", "active"));
        assert!(m.conflicts.is_empty());
        let m = merge3(&base, &base, &f("Naar school", "reached"));
        assert_eq!(m.fields, f("Naar school", "reached"));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn changes_to_different_fields_are_both_kept() {
        let base = f("Naar school", "active");
        let m = merge3(
            &base,
            &f("Elke dag naar school", "active"),
            &f("Naar school", "reached"),
        );
        assert_eq!(m.fields, f("Elke dag naar school", "reached"));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = f("Naar school", "active");
        let m = merge3(
            &base,
            &f("Samen naar school", "active"),
            &f("Samen naar school", "active"),
        );
        assert!(m.conflicts.is_empty());
        assert_eq!(m.fields, f("Samen naar school", "active"));
    }

    #[test]
    fn different_changes_to_one_field_are_a_conflict_and_keep_ours() {
        let base = f("Naar school", "active");
        let m = merge3(
            &base,
            &f("Ochtend naar school", "active"),
            &f("Middag naar school", "reached"),
        );
        assert_eq!(
            m.conflicts,
            vec![FieldConflict {
                field: "plain".into(),
                ours: Some("Ochtend naar school".into()),
                theirs: Some("Middag naar school".into()),
            }]
        );
        assert_eq!(m.fields, f("Ochtend naar school", "reached"));
    }

    #[test]
    fn empty_counts_as_a_value() {
        let base = fields([("due", Some("2026-12-01".into()))]);
        let m = merge3(&base, &base, &fields([("due", None)]));
        assert_eq!(m.fields, fields([("due", None)]));
    }
}
