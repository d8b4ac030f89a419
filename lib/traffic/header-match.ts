import { StringMatch, StringMatchType } from './intent/string-match';

/**
 * How a header value is matched: the same values as {@link StringMatchType}.
 * @deprecated Use {@link StringMatchType}, which applies to every string of a request, not only headers.
 */
export const HeaderMatchType = StringMatchType;
/**
 * How a header value is matched.
 * @deprecated Use {@link StringMatchType}.
 */
export type HeaderMatchType = StringMatchType;

/**
 * A match on the value of one request header: a {@link StringMatch} (any `StringMatch` works wherever a header is
 * matched; this class keeps the name the workshop's charts have always used).
 */
export class HeaderMatch extends StringMatch {
  /** The header equals `value`. */
  public static exact(value: string): HeaderMatch {
    return new HeaderMatch(StringMatchType.EXACT, value);
  }

  /** The header starts with `value`. */
  public static prefix(value: string): HeaderMatch {
    return new HeaderMatch(StringMatchType.PREFIX, value);
  }

  /** The header matches the RE2 regular expression `value` (whole value). */
  public static regex(value: string): HeaderMatch {
    return new HeaderMatch(StringMatchType.REGEX, value);
  }
}
