/// Text made safe to place in HTML, for the pages Strata renders itself (reviews, unsubscribe
/// and winners pages).
public enum HTMLText {
    /// `&`, `<`, `>` and `"` as entities.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
