/* placard: cut a Chinese query into the words the search index was cut into.
 *
 * The index was segmented with jieba (plus the campaign's own terms) when the
 * site was built, in search mode: it also holds the shorter words inside each
 * long one ("洗手" inside "勤洗手"). The browser has no jieba, so the query is
 * cut by forward maximum matching over the index's own vocabulary: at each
 * place, the longest run of characters that is a word of the index.
 * Characters that start no word of the index stay together as one unknown
 * word (so "举报" is searched as "举报", never as "举" and "报"), and single
 * characters are dropped when the query has a longer word (so "光盘行动"
 * never matches every page with "行").
 * The worker joins the words with a space and adds a "*" to each itself.
 */
var placardSegment = function (query, index) {
  var chars = Array.from(query), words = [], unknown = "", i = 0;
  while (i < chars.length) {
    var size = 0;
    for (var j = Math.min(chars.length, i + 16); j > i; j--)
      if (chars.slice(i, j).join("") in index) { size = j - i; break; }
    if (size === 0) { unknown += chars[i]; i += 1; continue; }
    if (unknown) { words.push(unknown); unknown = ""; }
    words.push(chars.slice(i, i + size).join("")); i += size;
  }
  if (unknown) words.push(unknown);
  var long = words.filter(function (w) { return Array.from(w).length > 1; });
  return long.length ? long : words;
};
