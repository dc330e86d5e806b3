//! Generated bindings seen by the comparison: their tables ([`Bindings`]) as an [`Api`].

use super::{Api, Bindings, CommandShape, DataShape, EventShape, Field, Shape};
use crate::event::EventData;
use crate::reflect::{Kind, Payload, TypeInfo};

/// The type an `Option<T>` or a `Box<T>` holds, through any number of them.
fn unwrapped(mut ty: &'static TypeInfo) -> &'static TypeInfo {
    loop {
        match &ty.kind {
            Kind::Option(option) => ty = option.inner,
            Kind::Box(boxed) => ty = boxed.inner,
            _ => return ty,
        }
    }
}

impl Api for Bindings {
    type Type = &'static TypeInfo;
    /// A description's address: a generated type's is a `static`, one per type.
    type Key = usize;

    fn commands(&self) -> Vec<CommandShape<'_, Self::Type>> {
        self.commands
            .commands
            .iter()
            .map(|command| CommandShape {
                name: command.name,
                arguments: command.arguments_checked.then_some(command.arguments),
                returns: command.returns,
            })
            .collect()
    }

    fn events(&self) -> Vec<EventShape<'_, Self::Type>> {
        self.events
            .events
            .iter()
            .map(|event| EventShape {
                name: event.name,
                data: match event.data {
                    EventData::None(_) => DataShape::None,
                    EventData::Open(_) => DataShape::Open,
                    EventData::Typed(ty) => DataShape::Typed(ty),
                },
            })
            .collect()
    }

    fn shape(&self, ty: Self::Type) -> Shape<'_, Self::Type> {
        match &unwrapped(ty).kind {
            Kind::Bool => Shape::Bool,
            Kind::Int(_) => Shape::Int,
            Kind::Float => Shape::Float,
            Kind::Number => Shape::Number,
            Kind::String => Shape::String,
            Kind::Value => Shape::Any,
            Kind::Null => Shape::Null,
            Kind::Map => Shape::Map,
            Kind::Vec(vec) => Shape::Array(vec.element),
            Kind::Struct(info) => Shape::Struct(
                info.members
                    .iter()
                    .map(|member| Field {
                        name: member.name,
                        ty: member.ty,
                        // A discriminator whose union reads objects without it.
                        optional: member.optional
                            || matches!(&member.ty.kind, Kind::Branches(b) if b.untagged.is_some()),
                    })
                    .collect(),
            ),
            Kind::Enum(info) => Shape::Enum(info.values.to_vec()),
            Kind::Branches(branches) => Shape::Branches(
                branches
                    .variants
                    .iter()
                    .map(|variant| {
                        let payload = match &variant.payload {
                            Payload::Type(ty, _) => Some(*ty),
                            Payload::Unit | Payload::Members(_) => None,
                        };
                        (variant.value, payload)
                    })
                    .collect(),
            ),
            Kind::Alternate(info) => {
                Shape::Alternate(info.alternatives.iter().map(|(ty, _)| *ty).collect())
            }
            // `unwrapped` has taken these off.
            Kind::Option(_) | Kind::Box(_) => Shape::Any,
        }
    }

    fn key(&self, ty: Self::Type) -> Self::Key {
        std::ptr::from_ref(unwrapped(ty)) as usize
    }
}
