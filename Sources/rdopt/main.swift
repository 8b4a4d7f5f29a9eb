print("rdopt")
