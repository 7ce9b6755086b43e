//! Names shared by every kind: condition types, reasons, annotations, labels, the
//! finalizer and field managers. Kind-specific reasons live next to their kind.
