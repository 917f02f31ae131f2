//! The stores in memory: for simulations and tests.

use crate::{Document, DocumentStore, EventStore, Existing, NewEvent, StoreError, StoredEvent};
use serde_json::Value;
use std::collections::BTreeMap;

/// [`EventStore`] and [`DocumentStore`] in memory; nothing survives the
/// process.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    streams: BTreeMap<String, Vec<StoredEvent>>,
    documents: BTreeMap<(String, String), Value>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl EventStore for MemoryStore {
    fn append(
        &mut self,
        stream: &str,
        expected_version: u64,
        events: &[NewEvent],
    ) -> Result<u64, StoreError> {
        let stored = self.streams.entry(stream.to_owned()).or_default();
        let actual = stored.len() as u64;
        if actual != expected_version {
            return Err(StoreError::Conflict {
                stream: stream.to_owned(),
                expected: expected_version,
                actual,
            });
        }
        for (offset, event) in events.iter().enumerate() {
            stored.push(StoredEvent {
                stream: stream.to_owned(),
                version: actual + offset as u64 + 1,
                kind: event.kind.clone(),
                payload: event.payload.clone(),
            });
        }
        Ok(stored.len() as u64)
    }

    fn load(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        Ok(self.streams.get(stream).cloned().unwrap_or_default())
    }

    fn streams(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .streams
            .iter()
            .filter(|(id, events)| id.starts_with(prefix) && !events.is_empty())
            .map(|(id, _)| id.clone())
            .collect())
    }
}

impl DocumentStore for MemoryStore {
    fn put_all(
        &mut self,
        documents: &[Document<'_>],
        existing: Existing,
    ) -> Result<Vec<Option<Value>>, StoreError> {
        // Staged first, so a refusal half-way leaves the store untouched,
        // as a rolled-back transaction would.
        let mut staged: BTreeMap<(String, String), Value> = BTreeMap::new();
        let mut replaced = Vec::with_capacity(documents.len());
        for document in documents {
            let key = (document.kind.to_owned(), document.id.to_owned());
            let previous = staged
                .get(&key)
                .or_else(|| self.documents.get(&key))
                .cloned();
            if previous.is_some() && existing == Existing::Refuse {
                return Err(StoreError::Exists {
                    kind: key.0,
                    id: key.1,
                });
            }
            replaced.push(previous);
            staged.insert(key, document.body.clone());
        }
        self.documents.extend(staged);
        Ok(replaced)
    }

    fn get(&self, kind: &str, id: &str) -> Result<Option<Value>, StoreError> {
        Ok(self
            .documents
            .get(&(kind.to_owned(), id.to_owned()))
            .cloned())
    }

    fn list(&self, kind: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .documents
            .keys()
            .filter(|(k, _)| k == kind)
            .map(|(_, id)| id.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str) -> NewEvent {
        NewEvent {
            kind: kind.to_owned(),
            payload: json!({ "kind": kind }),
        }
    }

    #[test]
    fn a_stale_version_is_rejected_and_nothing_is_written() {
        let mut store = MemoryStore::new();
        assert_eq!(
            store
                .append("r-1", 0, &[event("opened"), event("approved")])
                .ok(),
            Some(2)
        );
        let stale = store.append("r-1", 1, &[event("vetoed")]);
        assert!(matches!(
            stale,
            Err(StoreError::Conflict {
                expected: 1,
                actual: 2,
                ..
            })
        ));
        let versions: Vec<u64> = store
            .load("r-1")
            .expect("loads")
            .iter()
            .map(|e| e.version)
            .collect();
        assert_eq!(versions, [1, 2]);
        assert_eq!(store.streams("r-").expect("lists"), ["r-1"]);
        assert!(store.load("r-2").expect("loads").is_empty());
    }

    #[test]
    fn documents_are_replaced_by_kind_and_id() {
        let mut store = MemoryStore::new();
        store
            .put("center", "acme", &json!({ "v": 1 }))
            .expect("stored");
        store
            .put("center", "acme", &json!({ "v": 2 }))
            .expect("stored");
        store
            .put("policy", "acme", &json!({ "p": 1 }))
            .expect("stored");
        assert_eq!(
            store.get("center", "acme").expect("read"),
            Some(json!({ "v": 2 }))
        );
        assert_eq!(store.list("center").expect("listed"), ["acme"]);
        assert_eq!(store.get("center", "other").expect("read"), None);
    }
}
