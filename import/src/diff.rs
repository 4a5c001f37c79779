//! What an import changes for consumers.
