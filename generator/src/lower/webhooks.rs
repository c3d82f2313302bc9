//! OpenAPI 3.1's webhooks: the requests the API sends to its users. Each
//! method of a webhook's path item is lowered as an operation is (its
//! headers, body and the answers it documents), in the group `webhooks`,
//! for a receiver to read.

use openapiv3::PathItem;

use super::operations::{method, Route};
use super::responses::Answering;
use super::Lowerer;
use crate::error::pointer;
use crate::ir::Operation;
use crate::naming;

/// The group, and the Cargo feature of a crate with features, of webhooks.
const GROUP: &str = "webhooks";

impl<'a> Lowerer<'a> {
    /// Every webhook of the spec, sorted by Rust name, each named after its
    /// webhook (`newPet` -> `NewPet`), with the method after it when the
    /// webhook has several (`newPet POST` -> `NewPetPost`).
    pub(super) fn webhooks(&mut self) -> Vec<Operation> {
        let mut webhooks = Vec::new();
        for (name, item) in self.webhooks {
            // Where the source has it (normalising keeps it there too).
            let used_at = pointer(["webhooks", name]);
            let Some(resolved) = self.ok(self.refs.resolve(item, &used_at)) else { continue };
            let item: &'a PathItem = resolved.item;
            let several = item.iter().count() > 1;
            for (method_name, operation) in item.iter() {
                let method = method(method_name);
                let at = format!("{used_at}/{method_name}");
                // The method after a space, which webhook names do not have.
                let id = match several {
                    true => format!("{name} {}", method.as_str()),
                    false => name.clone(),
                };
                let route =
                    Route { path: "/", path_at: &used_at, path_params: &item.parameters, method };
                let webhook = self.operation(&route, operation, id, &at, Answering::Webhook);
                if let Some(mut webhook) = webhook {
                    webhook.group = naming::feature(GROUP);
                    webhook.module = naming::module(GROUP);
                    webhooks.push(webhook);
                }
            }
        }
        webhooks.sort_by(|a, b| a.name.rust.cmp(&b.name.rust));
        webhooks
    }
}
