//! Memory for values whose type is known only by its [`TypeInfo`]: scratch space for
//! one value, heap blocks for boxes and array elements.

use crate::reflect::TypeInfo;
use std::alloc::{Layout, alloc, dealloc, realloc};
use std::mem::MaybeUninit;

/// How large a value the stack scratch space holds; larger ones go to the heap.
const SCRATCH_BYTES: usize = 512;

/// Stack space for one value of up to [`SCRATCH_BYTES`], aligned for any of ours.
#[repr(C, align(16))]
struct Scratch(MaybeUninit<[u8; SCRATCH_BYTES]>);

/// Calls `f` with memory for one value of type `ty`, which `f` may initialize and must
/// leave moved out or uninitialized: the memory is freed without dropping anything.
pub(crate) fn with_scratch<R>(ty: &TypeInfo, f: impl FnOnce(*mut u8) -> R) -> R {
    if ty.size <= SCRATCH_BYTES && ty.align <= 16 {
        let mut scratch = Scratch(MaybeUninit::uninit());
        return f(scratch.0.as_mut_ptr().cast());
    }
    let block = HeapBlock::new(ty);
    f(block.ptr)
}

/// A heap block for one value, freed (without dropping the value) when dropped unless
/// taken.
pub(crate) struct HeapBlock {
    pub ptr: *mut u8,
    layout: Option<Layout>,
}

impl HeapBlock {
    /// A block for one value of `ty`: a dangling, aligned pointer for a zero-sized type.
    pub fn new(ty: &TypeInfo) -> HeapBlock {
        match Layout::from_size_align(ty.size, ty.align.max(1)) {
            Ok(layout) if layout.size() > 0 => {
                // SAFETY: the layout has a non-zero size.
                let ptr = unsafe { alloc(layout) };
                if ptr.is_null() {
                    std::alloc::handle_alloc_error(layout);
                }
                HeapBlock {
                    ptr,
                    layout: Some(layout),
                }
            }
            _ => HeapBlock {
                ptr: dangling(ty),
                layout: None,
            },
        }
    }

    /// Keeps the block allocated: its owner (a `Box`) frees it.
    pub fn take(mut self) -> *mut u8 {
        self.layout = None;
        self.ptr
    }
}

impl Drop for HeapBlock {
    fn drop(&mut self) {
        if let Some(layout) = self.layout {
            // SAFETY: allocated with this layout in `new`.
            unsafe { dealloc(self.ptr, layout) }
        }
    }
}

/// A dangling pointer aligned for `ty`, which zero-sized values and empty arrays use.
pub(crate) fn dangling(ty: &TypeInfo) -> *mut u8 {
    std::ptr::without_provenance_mut(ty.align.max(1))
}

/// Frees a block of `count` values of `ty` (not dropping them).
///
/// # Safety
///
/// `ptr` was allocated by the global allocator for `count` values of `ty` (as a
/// `Vec`'s buffer of that capacity is), or `count` is zero or `ty` is zero-sized.
pub(crate) unsafe fn free_array(ty: &TypeInfo, ptr: *mut u8, count: usize) {
    if count == 0 || ty.size == 0 {
        return;
    }
    if let Some(layout) = array_layout(ty, count) {
        // SAFETY: as the caller promises.
        unsafe { dealloc(ptr, layout) }
    }
}

fn array_layout(ty: &TypeInfo, count: usize) -> Option<Layout> {
    Layout::from_size_align(ty.size.checked_mul(count)?, ty.align.max(1)).ok()
}

/// The elements of an array being decoded: a buffer that grows as `Vec`'s does, with
/// the global allocator and `T`'s array layout, so that `Vec::from_raw_parts` can own
/// it.
pub(crate) struct ArrayBuffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub capacity: usize,
    element: &'static TypeInfo,
}

impl ArrayBuffer {
    pub fn new(element: &'static TypeInfo) -> ArrayBuffer {
        ArrayBuffer {
            ptr: dangling(element),
            len: 0,
            capacity: 0,
            element,
        }
    }

    /// Memory for the next element; `None` if the array would outgrow the address space.
    pub fn next_slot(&mut self) -> Option<*mut u8> {
        let size = self.element.size;
        if size == 0 {
            // Zero-sized elements take no memory: every one is at the dangling pointer.
            return Some(self.ptr);
        }
        if self.len == self.capacity {
            let capacity = if self.capacity == 0 {
                4
            } else {
                self.capacity.checked_mul(2)?
            };
            let layout = array_layout(self.element, capacity)?;
            if layout.size() > isize::MAX as usize {
                return None;
            }
            let ptr = if self.capacity == 0 {
                // SAFETY: the layout has a non-zero size.
                unsafe { alloc(layout) }
            } else {
                let old = array_layout(self.element, self.capacity)?;
                // SAFETY: `ptr` was allocated with `old`; the new size is non-zero.
                unsafe { realloc(self.ptr, old, layout.size()) }
            };
            if ptr.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            self.ptr = ptr;
            self.capacity = capacity;
        }
        // SAFETY: within the buffer, `len < capacity`.
        Some(unsafe { self.ptr.add(self.len * size) })
    }

    /// Drops the elements decoded so far and frees the buffer.
    pub fn discard(self) {
        for index in 0..self.len {
            // SAFETY: the first `len` elements are initialized.
            unsafe {
                crate::drop::drop_value(self.element, self.ptr.add(index * self.element.size))
            };
        }
        // SAFETY: the buffer was allocated for `capacity` elements.
        unsafe { free_array(self.element, self.ptr, self.capacity) }
    }
}
