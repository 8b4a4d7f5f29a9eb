// The EntropyCoding module; see DESIGN.md §6.
