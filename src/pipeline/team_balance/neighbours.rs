//! The managers bordering a client: owners of its nearest clients of the role and the nearest
//! bases (idle managers included).

use crate::assign::AssignOutcome;
use crate::model::Problem;
use rstar::{primitives::GeomWithData, RTree};
use std::collections::{BTreeMap, BTreeSet};

/// Nearest clients of the role whose managers may take a client (they border it).
const NEIGHBOURS: usize = 8;
/// Nearest bases of the role whose managers may take a client (idle managers included).
const NEAR_BASES: usize = 3;

/// Nearest clients and bases of one role, to find the managers bordering a client.
pub(super) struct Neighbours {
    clients: RTree<GeomWithData<[f64; 2], usize>>,
    bases: RTree<GeomWithData<[f64; 2], usize>>,
    owner: BTreeMap<usize, usize>,
    /// Longitude scale (cos of the mean latitude) so that nearest is nearest on the ground.
    kx: f64,
}

impl Neighbours {
    pub(super) fn new(problem: &Problem, assignment: &AssignOutcome, role: &str) -> Neighbours {
        let owner = super::owners(assignment, role);
        let lat0 =
            owner.keys().map(|&c| problem.clients[c].lat).sum::<f64>() / owner.len().max(1) as f64;
        let kx = lat0.to_radians().cos();
        let point = |lat: f64, lon: f64| [lat, lon * kx];
        let clients = RTree::bulk_load(
            owner
                .keys()
                .map(|&c| {
                    let cl = &problem.clients[c];
                    GeomWithData::new(point(cl.lat, cl.lon), c)
                })
                .collect(),
        );
        let bases = RTree::bulk_load(
            problem
                .managers_of_role(role)
                .map(|m| {
                    let mg = &problem.managers[m];
                    GeomWithData::new(point(mg.lat, mg.lon), m)
                })
                .collect(),
        );
        Neighbours {
            clients,
            bases,
            owner,
            kx,
        }
    }

    /// The managers that may take each client of `pairs`: owners of its nearest clients and
    /// the nearest bases, allowed by the allow-lists, in index order. Computed once: the
    /// moves' search asks for them again and again.
    pub(super) fn of<V>(
        &self,
        problem: &Problem,
        pairs: &BTreeMap<(usize, usize), V>,
    ) -> BTreeMap<usize, Vec<usize>> {
        pairs
            .keys()
            .map(|&(_, client)| (client, self.receivers(problem, client)))
            .collect()
    }

    fn receivers(&self, problem: &Problem, client: usize) -> Vec<usize> {
        let c = &problem.clients[client];
        let at = [c.lat, c.lon * self.kx];
        let mut out: BTreeSet<usize> = self
            .clients
            .nearest_neighbor_iter(&at)
            .filter(|g| g.data != client)
            .take(NEIGHBOURS)
            .filter_map(|g| self.owner.get(&g.data).copied())
            .collect();
        out.extend(
            self.bases
                .nearest_neighbor_iter(&at)
                .take(NEAR_BASES)
                .map(|g| g.data),
        );
        // Owners and bases are of the role already.
        out.into_iter()
            .filter(|&m| problem.may_serve(m, client))
            .collect()
    }
}
