#include "query/lexer.h"

#include <cctype>

namespace newsgraph {

Status SyntaxError(std::string_view query, int line, int column, const std::string& message) {
  size_t start = 0;
  for (int l = 1; l < line && start < query.size(); ++l) {
    size_t nl = query.find('\n', start);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  size_t end = query.find('\n', start);
  std::string_view text = query.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  std::string caret(column > 1 ? column - 1 : 0, ' ');
  return Status::InvalidArgument("syntax error at line " + std::to_string(line) + ", column " + std::to_string(column) +
                                 ": " + message + "\n  " + std::string(text) + "\n  " + caret + "^");
}

Result<std::vector<QueryToken>> Lex(std::string_view q) {
  std::vector<QueryToken> out;
  size_t i = 0;
  int line = 1;
  size_t line_start = 0;
  auto column = [&](size_t at) { return static_cast<int>(at - line_start) + 1; };
  auto advance_lines = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      if (q[k] == '\n') { ++line; line_start = k + 1; }
  };
  while (i < q.size()) {
    char c = q[i];
    if (c == '\n') { ++line; line_start = ++i; continue; }
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '/' && i + 1 < q.size() && q[i + 1] == '/') {
      while (i < q.size() && q[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < q.size() && q[i + 1] == '*') {
      size_t end = q.find("*/", i + 2);
      if (end == std::string_view::npos) return SyntaxError(q, line, column(i), "unterminated /* comment");
      advance_lines(i, end);
      i = end + 2;
      continue;
    }
    QueryToken t;
    t.offset = i;
    t.line = line;
    t.column = column(i);
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      size_t b = i;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '_' ||
                              static_cast<unsigned char>(q[i]) >= 0x80))
        ++i;
      t.kind = QueryToken::Kind::kIdent;
      t.text = std::string(q.substr(b, i - b));
    } else if (c == '`') {
      size_t end = q.find('`', i + 1);
      if (end == std::string_view::npos) return SyntaxError(q, line, column(i), "unterminated `quoted name`");
      t.kind = QueryToken::Kind::kIdent;
      t.quoted_ident = true;
      t.text = std::string(q.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < q.size() && std::isdigit(static_cast<unsigned char>(q[i + 1])))) {
      size_t b = i;
      bool is_float = false;
      if (c == '0' && i + 1 < q.size() && (q[i + 1] == 'x' || q[i + 1] == 'X')) {
        i += 2;
        while (i < q.size() && std::isxdigit(static_cast<unsigned char>(q[i]))) ++i;
      } else if (c == '0' && i + 1 < q.size() && q[i + 1] == 'o') {  // octal: 0o17
        i += 2;
        while (i < q.size() && q[i] >= '0' && q[i] <= '7') ++i;
      } else {
        while (i < q.size() && std::isdigit(static_cast<unsigned char>(q[i]))) ++i;
        // "1..3" is a range, not the float "1." followed by ".3"
        if (i + 1 < q.size() && q[i] == '.' && std::isdigit(static_cast<unsigned char>(q[i + 1]))) {
          is_float = true;
          ++i;
          while (i < q.size() && std::isdigit(static_cast<unsigned char>(q[i]))) ++i;
        }
        if (i < q.size() && (q[i] == 'e' || q[i] == 'E')) {
          size_t save = i++;
          if (i < q.size() && (q[i] == '+' || q[i] == '-')) ++i;
          if (i < q.size() && std::isdigit(static_cast<unsigned char>(q[i]))) {
            is_float = true;
            while (i < q.size() && std::isdigit(static_cast<unsigned char>(q[i]))) ++i;
          } else {
            i = save;
          }
        }
      }
      if (i < q.size() && (std::isalpha(static_cast<unsigned char>(q[i])) || q[i] == '_'))
        return SyntaxError(q, line, column(b), "invalid number '" + std::string(q.substr(b, i - b + 1)) + "'");
      t.kind = is_float ? QueryToken::Kind::kFloat : QueryToken::Kind::kInteger;
      t.text = std::string(q.substr(b, i - b));
    } else if (c == '\'' || c == '"') {
      t.kind = QueryToken::Kind::kString;
      size_t b = i++;
      bool closed = false;
      while (i < q.size()) {
        char d = q[i];
        if (d == c) { closed = true; ++i; break; }
        if (d == '\\' && i + 1 < q.size()) {
          char e = q[i + 1];
          i += 2;
          switch (e) {
            case 'n': t.text.push_back('\n'); break;
            case 't': t.text.push_back('\t'); break;
            case 'r': t.text.push_back('\r'); break;
            case 'b': t.text.push_back('\b'); break;
            case 'f': t.text.push_back('\f'); break;
            case '0': t.text.push_back('\0'); break;
            case 'u': {
              size_t at = i - 2;  // the backslash
              // Four hex digits at `from` as a code unit; false if they are not there.
              auto unit = [&](size_t from, unsigned* out) {
                if (from + 4 > q.size()) return false;
                *out = 0;
                for (size_t k = from; k < from + 4; ++k) {
                  unsigned char h = static_cast<unsigned char>(q[k]);
                  if (!std::isxdigit(h)) return false;
                  *out = *out * 16 + (std::isdigit(h) ? h - '0' : (std::tolower(h) - 'a' + 10));
                }
                return true;
              };
              unsigned cp = 0, low = 0;
              if (!unit(i, &cp)) return SyntaxError(q, line, column(at), "bad \\u escape");
              i += 4;
              // A UTF-16 surrogate pair, \uD83D\uDE00, is one character; half
              // of one is no character at all and would store invalid UTF-8.
              if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < q.size() && q[i] == '\\' && q[i + 1] == 'u' &&
                  unit(i + 2, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
              } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                return SyntaxError(q, line, column(at),
                                   "\\u escape of half a UTF-16 surrogate pair: no character (write \\uD83D\\uDE00 as a "
                                   "pair, or the character itself)");
              }
              if (cp < 0x80) {
                t.text.push_back(static_cast<char>(cp));
              } else if (cp < 0x800) {
                t.text.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                t.text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
              } else if (cp < 0x10000) {
                t.text.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                t.text.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                t.text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
              } else {
                t.text.push_back(static_cast<char>(0xF0 | (cp >> 18)));
                t.text.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
                t.text.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                t.text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
              }
              break;
            }
            default: t.text.push_back(e);
          }
          continue;
        }
        if (d == '\n') { ++line; line_start = i + 1; }
        t.text.push_back(d);
        ++i;
      }
      if (!closed) return SyntaxError(q, t.line, t.column, "unterminated string starting here");
      (void)b;
    } else if (c == '$') {
      size_t b = ++i;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '_')) ++i;
      if (i == b) return SyntaxError(q, line, column(b - 1), "expected a parameter name after '$'");
      t.kind = QueryToken::Kind::kParam;
      t.text = std::string(q.substr(b, i - b));
    } else {
      static const char* kSymbols[] = {"<>", "<=", ">=", "=~", "..", "->", "<-", "+=", "!=",
                                       "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "|", "=", "<", ">",
                                       "+", "-", "*", "/", "%", "^"};
      bool found = false;
      for (const char* s : kSymbols) {
        size_t n = std::char_traits<char>::length(s);
        if (q.compare(i, n, s) == 0) {
          t.kind = QueryToken::Kind::kSymbol;
          t.text = s;
          i += n;
          found = true;
          break;
        }
      }
      if (!found) return SyntaxError(q, line, column(i), std::string("unexpected character '") + c + "'");
    }
    out.push_back(std::move(t));
  }
  QueryToken end;
  end.kind = QueryToken::Kind::kEnd;
  end.offset = q.size();
  end.line = line;
  end.column = column(q.size());
  out.push_back(end);
  return out;
}

}  // namespace newsgraph
