// Shared by the two C# clients of the matrix (Mono's and Microsoft's WCF): a JSON string literal.
using System.Text;

public static class Json {
  public static string Str(string s) {
    if (s == null) return "null";
    var b = new StringBuilder("\"");
    foreach (char c in s) {
      if (c == '"' || c == '\\') b.Append('\\').Append(c);
      else if (c < ' ' || c > '~') b.AppendFormat("\\u{0:x4}", (int)c);
      else b.Append(c);
    }
    return b.Append('"').ToString();
  }
}
