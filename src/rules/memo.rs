//! Answers that several rules need for the same document, computed once per document.
//!
//! A policy repeats the same few actions across its statements, and four IAM rules expand
//! each of them against the catalog: a 5 MB policy spent a fifth of its run in those lookups
//! before they were kept here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::catalog::{Catalog, Expansion};

/// Lives as long as one [`super::Context`]: one document, one thread.
#[derive(Default)]
pub(super) struct Memo<'a> {
    expansions: RefCell<HashMap<Box<str>, Rc<Expansion<'a>>>>,
}

impl<'a> Memo<'a> {
    /// [`Catalog::expand`] of `action`, looked up once per distinct spelling.
    pub(super) fn expand(&self, catalog: &'a Catalog, action: &str) -> Rc<Expansion<'a>> {
        if let Some(found) = self.expansions.borrow().get(action) {
            return Rc::clone(found);
        }
        let expansion = Rc::new(catalog.expand(action));
        self.expansions.borrow_mut().insert(action.into(), Rc::clone(&expansion));
        expansion
    }
}
