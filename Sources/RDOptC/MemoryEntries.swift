import Foundation

/// `rdopt_free`: releases a buffer an entry point handed back (null is ignored).
@_cdecl("rdopt_free")
public func rdoptFree(_ buffer: UnsafeMutableRawPointer?) {
    free(buffer)
}

/// `rdopt_abi_version`: the version of these entry points' signatures (2:
/// `rdopt_compress_predicted` added to those of 1); a binding checks it before calling any
/// other.
@_cdecl("rdopt_abi_version")
public func rdoptABIVersion() -> Int32 {
    2
}
