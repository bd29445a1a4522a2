//! The places a run plans for and the hierarchy they roll up through, read from the data
//! (`places.csv`): by default the seven NHS England regions under England, but equally the
//! 42 integrated care boards under their regions, or one system's trusts.
//!
//! The model projects the finest places (the leaves); every coarser place is the sum of its
//! leaves, per draw.

/// One place of a geography: a leaf the model projects, or a roll-up of leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Identifier used in scenario files, data files and outputs, e.g. `north_west`.
    pub id: String,
    /// Human-readable name, e.g. `North West`.
    pub name: String,
    /// ONS or NHS code (e.g. `E40000010`), empty when the place has none.
    pub code: String,
    /// Which level of the hierarchy it is on, e.g. `region` or `icb`.
    pub level: String,
    /// Share of its staff in the Agenda for Change high-cost-area zones, as `[inner London,
    /// outer London, fringe]` (leaves only; zero elsewhere).
    pub hcas: [f64; 3],
}

/// A place as written in the data, before the hierarchy is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSpec {
    /// The place itself.
    pub place: Place,
    /// The id of the place it rolls up into, `None` for the top (e.g. England).
    pub parent: Option<String>,
}

/// A hierarchy of places with one top place; the model's places are its leaves, all on the
/// same level.
///
/// ```
/// use wfcast_core::geography::{Geography, Place, PlaceSpec};
/// let spec = |id: &str, level: &str, parent: Option<&str>| PlaceSpec {
///     place: Place { id: id.into(), name: id.into(), code: String::new(),
///                    level: level.into(), hcas: [0.0; 3] },
///     parent: parent.map(Into::into),
/// };
/// let g = Geography::new(vec![
///     spec("england", "national", None),
///     spec("north", "region", Some("england")),
///     spec("leeds", "icb", Some("north")),
///     spec("york", "icb", Some("north")),
/// ]).unwrap();
/// assert_eq!(g.n_places(), 2);
/// assert_eq!(g.members(g.find("north").unwrap()), &[0, 1]);
/// assert_eq!(g.label(0), "ALL");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Geography {
    /// Every place, top first, then level by level in the data's order.
    nodes: Vec<Place>,
    /// The parent of each node (`None` for the top).
    parents: Vec<Option<usize>>,
    /// The node of each model place (leaf), in model order.
    leaves: Vec<usize>,
    /// The model places each node sums.
    members: Vec<Vec<usize>>,
}

/// Why a list of places is not a geography.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PlaceError {
    /// The position in the list given of the place at fault, when one is.
    pub place: Option<usize>,
    /// What is wrong, naming the place ids.
    pub message: String,
}

fn fault(place: usize, message: String) -> PlaceError {
    PlaceError {
        place: Some(place),
        message,
    }
}

/// The label of the top place in outputs, as for all roles.
const TOP: &str = crate::taxonomy::ALL;

impl Geography {
    /// Checks `specs` and builds the hierarchy; the error says what is wrong with which id.
    pub fn new(specs: Vec<PlaceSpec>) -> Result<Self, PlaceError> {
        let index = |id: &str| specs.iter().position(|s| s.place.id == id);
        for (i, s) in specs.iter().enumerate() {
            if index(&s.place.id) != Some(i) {
                return Err(fault(i, format!("place `{}` is given twice", s.place.id)));
            }
        }
        let tops: Vec<usize> = (0..specs.len())
            .filter(|&i| specs[i].parent.is_none())
            .collect();
        if tops.len() != 1 {
            return Err(PlaceError {
                place: tops.get(1).copied(),
                message: format!(
                    "a geography has one top place (with no parent), found {}",
                    tops.len()
                ),
            });
        }
        if specs.len() < 2 {
            return Err(PlaceError {
                place: None,
                message: "a geography needs at least one place under its top place (e.g. a \
                          region under England)"
                    .to_owned(),
            });
        }
        let mut parent = Vec::with_capacity(specs.len());
        for (i, s) in specs.iter().enumerate() {
            parent.push(match &s.parent {
                None => None,
                Some(p) => Some(index(p).ok_or_else(|| {
                    fault(
                        i,
                        format!(
                            "place `{}` rolls up into `{p}`, which is not a place",
                            s.place.id
                        ),
                    )
                })?),
            });
        }
        let mut depth = vec![0usize; specs.len()];
        for (i, d) in depth.iter_mut().enumerate() {
            let mut at = i;
            while let Some(p) = parent[at] {
                *d += 1;
                at = p;
                if *d > specs.len() {
                    return Err(fault(
                        i,
                        format!("place `{}` rolls up into itself", specs[i].place.id),
                    ));
                }
            }
        }
        let has_children = |i: usize| parent.contains(&Some(i));
        let leaf_depth = (0..specs.len())
            .find(|&i| !has_children(i))
            .map(|i| depth[i]);
        for (i, s) in specs.iter().enumerate() {
            if !has_children(i) && Some(depth[i]) != leaf_depth {
                return Err(fault(
                    i,
                    format!(
                        "place `{}` has no places under it but is not on the finest level: every \
                     branch must reach the same level",
                        s.place.id
                    ),
                ));
            }
            if let Some(j) = (0..i).find(|&j| depth[j] == depth[i])
                && specs[j].place.level != s.place.level
            {
                return Err(fault(
                    i,
                    format!(
                        "places `{}` and `{}` are on the same level of the hierarchy but name it \
                     `{}` and `{}`",
                        specs[j].place.id, s.place.id, specs[j].place.level, s.place.level
                    ),
                ));
            }
            if let Some(j) = (0..specs.len())
                .find(|&j| depth[j] != depth[i] && specs[j].place.level == s.place.level)
            {
                return Err(fault(
                    i,
                    format!(
                        "level `{}` is used on two levels of the hierarchy (by `{}` and `{}`)",
                        s.place.level, s.place.id, specs[j].place.id
                    ),
                ));
            }
            if has_children(i) && s.place.hcas.iter().any(|&h| h != 0.0) {
                return Err(fault(
                    i,
                    format!(
                        "place `{}` has places under it: give its high-cost-area shares on those \
                     places instead",
                        s.place.id
                    ),
                ));
            }
        }
        let mut order: Vec<usize> = (0..specs.len()).collect();
        order.sort_by_key(|&i| depth[i]);
        let position: Vec<usize> = {
            let mut p = vec![0; specs.len()];
            order.iter().enumerate().for_each(|(k, &i)| p[i] = k);
            p
        };
        let parents: Vec<Option<usize>> = order
            .iter()
            .map(|&i| parent[i].map(|p| position[p]))
            .collect();
        let mut specs: Vec<Option<PlaceSpec>> = specs.into_iter().map(Some).collect();
        let nodes: Vec<Place> = order
            .iter()
            .filter_map(|&i| specs[i].take().map(|s| s.place))
            .collect();
        let leaves: Vec<usize> = (0..nodes.len())
            .filter(|&k| !parents.contains(&Some(k)))
            .collect();
        let mut members = vec![Vec::new(); nodes.len()];
        for (g, &leaf) in leaves.iter().enumerate() {
            let mut at = Some(leaf);
            while let Some(k) = at {
                members[k].push(g);
                at = parents[k];
            }
        }
        Ok(Self {
            nodes,
            parents,
            leaves,
            members,
        })
    }

    /// Number of places the model projects (the finest level).
    pub fn n_places(&self) -> usize {
        self.leaves.len()
    }

    /// Model place `g` (a leaf).
    pub fn place(&self, g: usize) -> &Place {
        &self.nodes[self.leaves[g]]
    }

    /// The model places' ids, in model order.
    pub fn place_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.leaves.iter().map(|&k| self.nodes[k].id.as_str())
    }

    /// Index of the model place with this id.
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.leaves.iter().position(|&k| self.nodes[k].id == id)
    }

    /// Every place at every level, top first, in output order.
    pub fn nodes(&self) -> &[Place] {
        &self.nodes
    }

    /// The node of any place (at any level) with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|p| p.id == id)
    }

    /// The place (at any level, the top included) named `name`: its id, or its name in
    /// any case (`north_west` or `North West`).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.find(name).or_else(|| {
            self.nodes
                .iter()
                .position(|p| p.name.eq_ignore_ascii_case(name))
        })
    }

    /// The model places node `node` sums, in model order.
    pub fn members(&self, node: usize) -> &[usize] {
        &self.members[node]
    }

    /// The node of model place `g`.
    pub fn node_of(&self, g: usize) -> usize {
        self.leaves[g]
    }

    /// The node that node `node` rolls up into, `None` for the top.
    pub fn parent(&self, node: usize) -> Option<usize> {
        self.parents[node]
    }

    /// The nodes directly under node `node`, in output order.
    pub fn children(&self, node: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&k| self.parents[k] == Some(node))
            .collect()
    }

    /// Node `node` and every node under it, in output order.
    pub fn subtree(&self, node: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&k| {
                let mut at = Some(k);
                while let Some(a) = at {
                    if a == node {
                        return true;
                    }
                    at = self.parents[a];
                }
                false
            })
            .collect()
    }

    /// Model place `g` and the coarser places it rolls up into, nearest first, the top
    /// excluded: the places whose scenario overrides (`region.<id>`) apply to it, in order.
    pub fn chain(&self, g: usize) -> Vec<&str> {
        let mut out = vec![self.place(g).id.as_str()];
        let mut at = self.parents[self.leaves[g]];
        while let Some(k) = at {
            if self.parents[k].is_some() {
                out.push(self.nodes[k].id.as_str());
            }
            at = self.parents[k];
        }
        out
    }

    /// [`Geography::chain`] of every model place, in model order: what a lookup of
    /// scenario overrides for every role x place pair walks.
    pub fn chains(&self) -> Vec<Vec<&str>> {
        (0..self.n_places()).map(|g| self.chain(g)).collect()
    }

    /// How node `node` is labelled in outputs: its id, or `ALL` for the top.
    pub fn label(&self, node: usize) -> &str {
        if node == 0 { TOP } else { &self.nodes[node].id }
    }

    /// The node an output label names (`ALL` is the top).
    pub fn node_of_label(&self, label: &str) -> Option<usize> {
        if label == TOP {
            Some(0)
        } else {
            self.find(label)
        }
    }

    /// The level of the model places, e.g. `region`.
    pub fn finest_level(&self) -> &str {
        &self.nodes[self.leaves[0]].level
    }
}
