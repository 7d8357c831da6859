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

/* placard: mark a found word inside a longer word in the results.
 *
 * A word found only inside a longer one ("洗手" in "勤洗手") matched a hidden
 * field of inner words, so Material marks nothing in the title or text it
 * shows. Before the worker sends its results, each Chinese query word it found
 * is marked where it stands in the shown title and text, outside any markup
 * and any word Material marked already.
 */
var placardMarkInner = function (html, words) {
  if (typeof html !== "string" || !words.length) return html;
  var parts = html.split(/(<mark[^>]*>[\s\S]*?<\/mark>|<[^>]*>)/);
  for (var i = 0; i < parts.length; i += 2)
    for (var w = 0; w < words.length; w++)
      parts[i] = parts[i].split(words[w]).join("\u0000" + w + "\u0001");
  return parts.map(function (part, i) {
    return i % 2 ? part : part.replace(/\u0000(\d+)\u0001/g, function (_, w) {
      return "<mark>" + words[+w] + "</mark>";
    });
  }).join("");
};
(function () {
  if (typeof WorkerGlobalScope === "undefined" || !(self instanceof WorkerGlobalScope)) return;
  var send = self.postMessage, han = /^[\u3400-\u9fff]+$/;
  try { han = new RegExp("^\\p{sc=Han}+$", "u"); } catch (err) { /* an older browser */ }
  self.postMessage = function (message) {
    var items = message && message.type === 3 && message.data && message.data.items;
    if (Array.isArray(items))
      items.forEach(function (group) {
        group.forEach(function (item) {
          var words = Object.keys(item.terms || {}).filter(function (t) {
            return item.terms[t] && han.test(t);
          }).sort(function (a, b) { return b.length - a.length; });
          item.title = placardMarkInner(item.title, words);
          item.text = placardMarkInner(item.text, words);
        });
      });
    return send.apply(this, arguments);
  };
})();
