// HeaderMatch (the wizard charts' header matches) is a StringMatch; HeaderMatchType is the deprecated name of StringMatchType.
import { HeaderMatch, HeaderMatchType, StringMatch, StringMatchType } from '../../lib';

test('exact, prefix and regex, as StringMatch writes them', () => {
  for (const [made, type, value] of [[HeaderMatch.exact('a'), StringMatchType.EXACT, 'a'], [HeaderMatch.prefix('b'), StringMatchType.PREFIX, 'b'],
    [HeaderMatch.regex('c.*'), StringMatchType.REGEX, 'c.*']] as const) {
    expect(made).toBeInstanceOf(StringMatch);
    expect([made.type, made.value]).toEqual([type, value]);
  }
});

test('HeaderMatchType still names the same three types', () => {
  expect(HeaderMatchType).toBe(StringMatchType);
  const type: HeaderMatchType = HeaderMatchType.PREFIX;
  expect(HeaderMatch.prefix('x').type).toBe(type);
});
