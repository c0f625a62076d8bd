@testable import CofferCore
import Testing

@Suite("CIDR blocks")
struct CIDRBlockTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.200.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
        ("192.168.1.0/23", "192.168.0.255", true), ("192.168.1.0/23", "192.168.2.0", false),
        ("0.0.0.0/0", "8.8.8.8", true), ("::1", "::1", true), ("fd00::/8", "fd12::1", true),
        ("fd00::/8", "fe80::1", false), ("10.0.0.0/8", "::1", false),
    ])
    func membership(block: String, address: String, inside: Bool) throws {
        let parsed = try #require(CIDRBlock(block))
        #expect(parsed.contains(address) == inside)
    }

    @Test(arguments: ["300.0.0.0/8", "10.0.0.0/33", "10.0.0.0/", "nonsense", "::1/129", "1.2.3.4/8/9"])
    func invalidBlocksAreRejected(text: String) {
        #expect(CIDRBlock(text) == nil)
    }
}
