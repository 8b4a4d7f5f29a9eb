// The Quantization module; see DESIGN.md §6.
