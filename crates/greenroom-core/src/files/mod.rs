//! Files the app writes for itself: private folders and whole files replaced atomically, and
//! files filled from the network that can be cut back and resumed.

pub mod chosen;
pub mod kinds;
pub mod partial;
pub mod private;
pub mod start_folder;
