//! Recognizers and extractors: which AWS shape a document is, and its typed model.
//!
//! Documents are recognized by content, never by file name: each family checks for the keys
//! that characterize its shapes, with the right types, and claims the document only then.
//! Anything unclaimed (a `package.json`, a Kubernetes manifest) is skipped without a word.

pub mod cloudformation;
mod ec2_api;
mod fields;
mod iam_api;
mod lambda_access;
mod lambda_api;
mod nacl_api;
mod policy;

use crate::model::Model;
use crate::syntax::{Document, Limits, LoadError, Node};

/// A recognized document and what was extracted from it.
#[derive(Debug, Default)]
pub struct Extracted {
    /// What the document was recognized as (`iam-policy`, `ec2-describe-security-groups`, ...).
    pub format: &'static str,
    pub model: Model,
    /// Embedded documents that failed to parse; the rest of the file is still checked.
    pub errors: Vec<LoadError>,
}

/// What the extractors of one document read from and write into.
struct Extraction<'a> {
    source: &'a str,
    limits: &'a Limits,
    model: Model,
    errors: Vec<LoadError>,
}

/// A family's recognizer: claims the document by returning its format name, having added the
/// document's model to the extraction, or returns `None` and leaves the extraction untouched.
type Extractor = fn(&Node, &mut Extraction<'_>) -> Option<&'static str>;

/// Tried in order. Bare policies go first: `Statement` at the top is unambiguous; templates
/// next (typed `Resources`); the API shapes are told apart by combinations of keys.
const EXTRACTORS: &[Extractor] = &[
    policy::extract,
    cloudformation::extract,
    iam_api::extract,
    ec2_api::extract,
    nacl_api::extract,
    lambda_access::extract,
    lambda_api::extract,
];

/// Recognizes `doc` by content and extracts its model, or `None` for documents that are not
/// AWS artifacts tighten reads.
#[must_use]
pub fn extract(doc: &Document, source: &str, limits: &Limits) -> Option<Extracted> {
    let root = doc.root.resolve();
    root.entries()?;

    let mut extraction = Extraction { source, limits, model: Model::default(), errors: Vec::new() };
    let format = EXTRACTORS.iter().find_map(|extractor| extractor(root, &mut extraction))?;
    Some(Extracted { format, model: extraction.model, errors: extraction.errors })
}

/// Like [`extract`], with only the extractor of one family: `policy`, `cloudformation`,
/// `iam-api`, `ec2-api`, `nacl-api` or `lambda-api`. For fuzz targets that drive one format
/// at a time; `None` for another name.
#[must_use]
pub fn extract_family(
    family: &str,
    doc: &Document,
    source: &str,
    limits: &Limits,
) -> Option<Extracted> {
    let extractor: Extractor = match family {
        "policy" => policy::extract,
        "cloudformation" => cloudformation::extract,
        "iam-api" => iam_api::extract,
        "ec2-api" => ec2_api::extract,
        "nacl-api" => nacl_api::extract,
        "lambda-api" => lambda_api::extract,
        _ => return None,
    };
    let root = doc.root.resolve();
    root.entries()?;

    let mut extraction = Extraction { source, limits, model: Model::default(), errors: Vec::new() };
    let format = extractor(root, &mut extraction)?;
    Some(Extracted { format, model: extraction.model, errors: extraction.errors })
}
