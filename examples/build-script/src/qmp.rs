include!(concat!(env!("OUT_DIR"), "/qmp.rs"));
