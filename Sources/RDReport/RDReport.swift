// The RDReport module; see DESIGN.md §6.
