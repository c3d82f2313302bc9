//! OpenAPI 3.1's webhooks: the requests the API sends to its users. Each
//! method of a webhook's path item is lowered as an operation is (its
//! headers, body and the answers it documents), in the group `webhooks`,
//! for a receiver to read.

use std::collections::BTreeSet;

use openapiv3::PathItem;

use super::operations::method;
use super::paths::Route;
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
    /// webhook has several (`newPet POST` -> `NewPetPost`); its reply type
    /// is its `response_type` (`NewPetReply`).
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
        name_types(&mut webhooks);
        webhooks.sort_by(|a, b| a.name.rust.cmp(&b.name.rust));
        webhooks
    }
}

/// Gives each webhook a type name of its own, with its reply's
/// (`{Name}Reply`) beside it, neither taken by another webhook's nor the
/// module's error: names that collide once converted are numbered, in
/// the spec names' order.
fn name_types(webhooks: &mut [Operation]) {
    webhooks.sort_by(|a, b| a.name.api.cmp(&b.name.api));
    let mut taken = BTreeSet::from([naming::reserved::WEBHOOK_ERROR.to_owned()]);
    for webhook in webhooks {
        let reply = |name: &str| format!("{name}Reply");
        let name = naming::unique(&webhook.name.rust, |candidate| {
            !taken.contains(candidate) && !taken.contains(&reply(candidate))
        });
        webhook.response_type = naming::derived(&name, "Reply");
        taken.insert(name.as_str().to_owned());
        taken.insert(webhook.response_type.as_str().to_owned());
        webhook.name.rust = name;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn webhooks_that_collide_once_converted_get_types_of_their_own() {
        let hook = |name: &str| {
            format!("  {name}:\n    post: {{ responses: {{ '200': {{ description: ok }} }} }}\n")
        };
        let names = ["a-b", "a_b", "webhookError", "aB"];
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\nwebhooks:\n{}",
            names.map(hook).concat()
        );
        let api = crate::lower_str(std::path::Path::new("t.yaml"), &spec).expect("lowers").api;
        let types: Vec<(&str, &str, &str)> = api
            .webhooks
            .iter()
            .map(|op| (op.name.api.as_str(), op.name.rust.as_str(), op.response_type.as_str()))
            .collect();
        assert_eq!(
            types,
            [
                ("a-b", "AB", "ABReply"),
                ("aB", "AB2", "AB2Reply"),
                ("a_b", "AB3", "AB3Reply"),
                ("webhookError", "WebhookError2", "WebhookError2Reply"),
            ]
        );
    }
}
