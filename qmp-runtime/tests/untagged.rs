//! A union whose older release was a struct without the discriminator (as merged
//! bindings of QEMU 7.2's and 10.0's `SevInfo` have it): objects without the
//! discriminator read as the untagged variant, with the members of the branch it names,
//! and are written back without it.

#![allow(dead_code)] // variants are built by the decoder, through their descriptions

use qmp_runtime::reflect::{
    BranchesInfo, Kind, Member, Payload, Reflect, StructInfo, Tagged, TypeInfo, Untagged, Variant,
};
use qmp_runtime::{from_json, to_json, validate};
use serde_json::{Map, Value, json};
use std::mem::offset_of;

#[derive(Debug, Clone, PartialEq)]
struct Legacy {
    policy: u32,
    handle: u32,
    unknown_fields: Map<String, Value>,
}

static LEGACY: TypeInfo = TypeInfo {
    name: "Legacy",
    size: size_of::<Legacy>(),
    align: align_of::<Legacy>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("policy", offset_of!(Legacy, policy), u32::INFO, false),
            Member::new("handle", offset_of!(Legacy, handle), u32::INFO, false),
        ],
        unknown: Some(offset_of!(Legacy, unknown_fields)),
    }),
};
unsafe impl Reflect for Legacy {
    const INFO: &'static TypeInfo = &LEGACY;
}

#[derive(Debug, Clone, PartialEq)]
#[repr(u16)]
enum GuestBranch {
    Sev(Legacy),
    Snp,
    Other(String),
    Untagged(Legacy),
}

static GUEST_BRANCH: TypeInfo = TypeInfo {
    name: "Guest",
    size: size_of::<GuestBranch>(),
    align: align_of::<GuestBranch>(),
    kind: Kind::Branches(&BranchesInfo {
        variants: &[
            Variant {
                value: "sev",
                payload: Payload::Type(&LEGACY, offset_of!(Tagged<Legacy>, value)),
            },
            Variant {
                value: "snp",
                payload: Payload::Unit,
            },
        ],
        other_value: offset_of!(Tagged<String>, value),
        other_members: None,
        releases: &[0b11, 0b10],
        untagged: Some(Untagged {
            variant: Variant {
                value: "sev",
                payload: Payload::Type(&LEGACY, offset_of!(Tagged<Legacy>, value)),
            },
            releases: 0b01,
        }),
    }),
};
unsafe impl Reflect for GuestBranch {
    const INFO: &'static TypeInfo = &GUEST_BRANCH;
}

#[derive(Debug, Clone, PartialEq)]
struct Guest {
    enabled: bool,
    kind: GuestBranch,
    unknown_fields: Map<String, Value>,
}

static GUEST: TypeInfo = TypeInfo {
    name: "Guest",
    size: size_of::<Guest>(),
    align: align_of::<Guest>(),
    kind: Kind::Struct(&StructInfo {
        members: &[
            Member::new("enabled", offset_of!(Guest, enabled), bool::INFO, false),
            Member::new("kind", offset_of!(Guest, kind), &GUEST_BRANCH, false)
                .in_releases(0b10, 0b10),
        ],
        unknown: Some(offset_of!(Guest, unknown_fields)),
    }),
};
unsafe impl Reflect for Guest {
    const INFO: &'static TypeInfo = &GUEST;
}

#[test]
fn an_object_without_the_discriminator_reads_as_the_untagged_variant_and_writes_back_so() {
    // In any member order: the branch's members before the common ones.
    let line = r#"{"policy":1,"enabled":true,"handle":2}"#;
    let guest: Guest = from_json(line).unwrap();
    assert_eq!(
        guest.kind,
        GuestBranch::Untagged(Legacy {
            policy: 1,
            handle: 2,
            unknown_fields: Map::new(),
        })
    );
    assert_eq!(
        serde_json::from_str::<Value>(&to_json(&guest)).unwrap(),
        serde_json::from_str::<Value>(line).unwrap()
    );
    assert!(!to_json(&guest).contains("kind"));
    assert_eq!(
        validate::<Guest>(&serde_json::from_str(line).unwrap()),
        Ok(())
    );
}

#[test]
fn an_object_with_the_discriminator_reads_as_its_branch() {
    let value = json!({"enabled": false, "kind": "sev", "policy": 3, "handle": 4});
    let guest: Guest = from_json(&value.to_string()).unwrap();
    assert!(matches!(
        guest.kind,
        GuestBranch::Sev(Legacy { handle: 4, .. })
    ));
    assert_eq!(
        serde_json::from_str::<Value>(&to_json(&guest)).unwrap(),
        value
    );
    let snp: Guest = from_json(r#"{"enabled": true, "kind": "snp"}"#).unwrap();
    assert_eq!(snp.kind, GuestBranch::Snp);
}

#[test]
fn an_untagged_object_missing_the_branch_members_is_refused_without_harm() {
    for line in [
        r#"{"enabled": true, "policy": 1}"#,
        r#"{"enabled": true, "policy": 1, "handle": "x"}"#,
        r#"{"enabled": true, "policy": 1, "handle": 2, "policy": 3}"#,
        r#"{"enabled": true, "kind": 5, "policy": 1, "handle": 2}"#,
    ] {
        assert!(from_json::<Guest>(line).is_err(), "{line}");
    }
    let violations = validate::<Guest>(&json!({"enabled": true, "policy": 1})).unwrap_err();
    let messages: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["missing required field 'handle'"]);
}
