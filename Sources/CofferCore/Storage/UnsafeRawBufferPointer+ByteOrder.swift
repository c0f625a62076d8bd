import Foundation

extension UnsafeRawBufferPointer {
    /// How these bytes order against `other`, as `memcmp` does with the shorter run first on a
    /// tie: negative, zero or positive. Storage keys compare this way.
    func byteOrder(against other: UnsafeRawBufferPointer) -> Int {
        let length = Swift.min(count, other.count)
        if length > 0 {
            let order = memcmp(baseAddress!, other.baseAddress!, length)
            if order != 0 { return Int(order) }
        }
        return count - other.count
    }
}
