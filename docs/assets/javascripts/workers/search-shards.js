/*
 * The site's search worker: Material's own search worker, twice, plus the
 * parts of the index that load on demand (see generator/site/search.py).
 *
 * Every page names this file as the theme's search worker, with Material's
 * worker file after "#" (search-shards.js#search.<hash>.min.js). This script
 * loads that worker two times, as two independent search engines, and
 * stands between them and the page, speaking the theme's message protocol
 * (SETUP, READY, QUERY, RESULT), so the search box and the result list stay
 * Material's:
 *
 * - The first engine holds tier 1, the small index every page loads (the
 *   hand-written pages, the section indexes, the indicators). It answers
 *   each query at once: the first results.
 * - When a query has rested for a moment, the two word indexes are read for
 *   its words (titles/ and words/<first two letters>.js, each file once; a
 *   word of two characters or more, as a prefix, a number whole). The
 *   entries (plans, agencies, cited documents, localities) whose title or
 *   summary hold every word, and the plans whose text holds every word,
 *   are the query's matches: the entries of the first ENTRIES of each load
 *   (search/entries/<n>.js), then the sections of the best-ranked plans and
 *   of the first LIMIT text matches (a plan entry with `sections` has a file
 *   of them), each file once. The second engine is rebuilt from what is
 *   loaded (entries, and each loaded plan's sections), which stays quick
 *   however large the site, and the latest query is answered again: in the
 *   order of the first engine, then the second engine's, each loaded plan
 *   with its matching clauses, and every text match whose sections are not
 *   loaded comes last as its plan's entry, so no plan whose text matches is
 *   missing from the results (up to ENTRIES of them).
 * - A number typed as a word ("11") is searched whole: the theme's worker
 *   makes every other term a prefix ("11" would find "1170"). A boost of 1
 *   ("11^1") is how its query syntax says "no wildcard", changing nothing else.
 * - Results are ranked by where the query's words stand in a row (compared
 *   without diacritics; a number typed stands for a document number that
 *   starts with it), each rank in the engines' order: first a page they
 *   name (they are half its title or more: "Quận 11", "Tỉnh Kon Tum"), then
 *   plans that hold them in their title or summary ("Ủy ban nhân dân Quận
 *   11", "21/KH-UBND"), then any other page that does, then the rest.
 * - When an answer leaves nothing more to load for its query, SETTLED
 *   follows it ({query, count}): those results are final
 *   (search-settled.js tells the page).
 *
 * It runs as a real worker over http(s), and inside the iframe that
 * iframe-worker uses instead on file:// (the offline bundle), where
 * importScripts is the shim's (asynchronous) and addresses resolve against
 * the page, so every address here is made absolute from this script's own.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var SETTLED = 9;
  var DELAY = 300;
  var LIMIT = 8;
  var ENTRIES = 200;
  var BUCKET = 50;

  var inFrame = typeof document !== "undefined";
  var here = inFrame ? document.currentScript.src : self.location.href;
  var siteRoot = new URL("../../../", here);
  var materialWorker = new URL(new URL(here).hash.slice(1).split("?")[0], here).href;

  var reply = self.postMessage.bind(self);
  var listen = self.addEventListener;
  var engines = [];
  var handler = null;
  var answers = [];
  var queue = Promise.resolve();

  var setup = null;
  var pages = {};
  var entries = {};
  var sections = [];
  var loaded = {};
  var titleIndex = {};
  var textIndex = {};
  var latest = null;
  var timer = null;

  /* Material's worker registers its message handler, keeps its own copy of
     lunr in self.lunr (where language scripts find it) and answers with the
     global postMessage: keep each copy's handler and lunr, take the answers. */
  self.addEventListener = function (type, listener, options) {
    if (type === "message") {
      handler = listener;
    } else {
      listen.call(self, type, listener, options);
    }
  };
  self.postMessage = function (message) {
    answers.shift()(message);
  };

  function loadEngine() {
    return Promise.resolve(importScripts(materialWorker)).then(function () {
      engines.push({ handle: handler, lunr: self.lunr, ready: false });
    });
  }

  var enginesLoaded = loadEngine().then(loadEngine).then(function () {
    self.addEventListener = listen;
  });

  /* One message to one engine at a time, in order. */
  function ask(engine, message) {
    return new Promise(function (resolve) {
      answers.push(resolve);
      self.lunr = engine.lunr;
      engine.handle({ data: message });
    });
  }

  function enqueue(task) {
    queue = queue.then(task).catch(function (error) {
      console.warn("search:", error);
    });
    return queue;
  }

  /* The files loaded on demand call these. */
  self.__addSearchEntries = function (start, docs) {
    docs.forEach(function (doc, index) {
      entries[start + index] = doc;
      pages[doc.location] = doc;
    });
  };
  self.__addSearchSections = function (docs) {
    sections = sections.concat(docs);
  };
  function add(index, found) {
    Object.keys(found).forEach(function (word) {
      index[word] = found[word];
    });
  }
  self.__addSearchTitles = function (found) { add(titleIndex, found); };
  self.__addSearchWords = function (found) { add(textIndex, found); };

  /* The names generator/site/search.py gives its files. */
  function shard(location) {
    return "sections/" + location.replace(/(\/|\.html)$/, "") + ".js";
  }
  function wordFile(folder, word) {
    return folder + "/" + word.slice(0, 2).replace(/[^a-z0-9]/g, "_") + ".js";
  }
  function entryFile(number) {
    return "entries/" + Math.floor(number / BUCKET) + ".js";
  }

  /* Load a file of search/ once. A word index file may be missing (no page
     holds a word starting with those two letters); any other is a fault. */
  function load(path) {
    if (loaded[path]) {
      return Promise.resolve();
    }
    var url = new URL("search/" + path, siteRoot).href;
    var fault = function (error) {
      if (!/^(titles|words)\//.test(path)) {
        console.warn("search: cannot load " + url, error || "");
      }
    };
    loaded[path] = true;
    if (!inFrame) {
      try {
        importScripts(url);
      } catch (error) {
        fault(error);
      }
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () {
        fault();
        resolve();
      };
      document.body.appendChild(script);
    });
  }

  function page(group) {
    return group[0].location.split("#")[0];
  }

  var WHOLE_NUMBER = /(^|\s)(\d+)(?=\s|$)/g;
  var WORD = /[a-z0-9]+(?:[./-][a-z0-9]+)*/g;

  function words(text) {
    var plain = text.replace(/<[^>]*>/g, " ").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
    return plain.match(WORD) || [];
  }

  /* The words of a query the word indexes answer for: two characters or more. */
  function indexed(query) {
    return words(query).filter(function (word) { return word.length >= 2; });
  }

  /* The word index files a query needs. */
  function indexFiles(query) {
    var paths = [];
    indexed(query).forEach(function (word) {
      ["titles", "words"].forEach(function (folder) {
        var path = wordFile(folder, word);
        if (paths.indexOf(path) === -1) {
          paths.push(path);
        }
      });
    });
    return paths;
  }

  /* The numbers holding every indexed word of the query in one word index
     (a number whole or as a document number's first part, another word as
     a prefix), smallest first; null while
     the files it needs are not loaded. */
  function holders(index, query) {
    var wanted = indexed(query);
    if (indexFiles(query).some(function (path) { return !loaded[path]; })) {
      return null;
    }
    if (!wanted.length) {
      return [];
    }
    var keys = Object.keys(index);
    var common = null;
    wanted.forEach(function (word) {
      var found = {};
      keys.forEach(function (key) {
        if (/^\d+$/.test(word) ? same(key, word) : key.indexOf(word) === 0) {
          index[key].forEach(function (number) { found[number] = true; });
        }
      });
      common = common === null ? found : Object.keys(common).reduce(function (both, number) {
        if (found[number]) {
          both[number] = true;
        }
        return both;
      }, {});
    });
    return Object.keys(common).map(Number).sort(function (a, b) { return a - b; });
  }

  /* What the query has found in the word indexes: the first ENTRIES entries
     naming it and plans holding it in their text; null while unread. */
  function matches(query) {
    var named = holders(titleIndex, query);
    var texts = holders(textIndex, query);
    return named && texts ? { named: named.slice(0, ENTRIES), texts: texts.slice(0, ENTRIES) } : null;
  }

  function locations(numbers) {
    return numbers.filter(function (number) { return entries[number]; })
      .map(function (number) { return entries[number].location; });
  }

  /* The files still to load for a query: word indexes, then entries, then
     the sections of the first LIMIT plans the engines rank and of its first
     LIMIT text matches. */
  function missing(query, result, found) {
    var paths = found ? found.named.concat(found.texts).map(entryFile) : indexFiles(query);
    if (found) {
      var ranked = result.data.items.map(page).filter(function (location) {
        return pages[location] && pages[location].sections;
      });
      ranked.slice(0, LIMIT).concat(locations(found.texts).slice(0, LIMIT)).forEach(function (location) {
        paths.push(shard(location));
      });
    }
    return paths.filter(function (path, index) { return !loaded[path] && paths.indexOf(path) === index; });
  }

  /* The first engine's results, each page replaced by the second engine's
     group for it when there is one; the second engine's other pages last. */
  function merge(first, second) {
    var better = {};
    second.data.items.forEach(function (group) {
      better[page(group)] = group;
    });
    var items = first.data.items.map(function (group) {
      var found = better[page(group)];
      delete better[page(group)];
      return found || group;
    });
    second.data.items.forEach(function (group) {
      if (better[page(group)]) {
        items.push(group);
      }
    });
    var data = { items: items };
    if (first.data.suggest) {
      data.suggest = first.data.suggest;
    }
    return { type: first.type, data: data };
  }

  /* The text matches whose sections are not loaded (so no engine could find
     them), each as its plan's entry, after every other result. A loaded
     plan that the second engine did not find stays out: the word index
     drops diacritics, the engines do not ("đạo" is not "đào"). */
  function withMatches(result, found, query) {
    var shown = {};
    result.data.items.forEach(function (group) {
      shown[page(group)] = true;
    });
    var terms = {};
    indexed(query).forEach(function (word) { terms[word] = true; });
    var items = result.data.items.concat(locations(found.texts).filter(function (location) {
      return !shown[location] && !loaded[shard(location)];
    }).map(function (location) {
      var article = pages[location];
      return [{ location: article.location, title: article.title, text: article.text, score: 0, terms: terms }];
    }));
    var data = { items: items };
    if (result.data.suggest) {
      data.suggest = result.data.suggest;
    }
    return { type: result.type, data: data };
  }

  /* A word of a page stands for a word of the query when they are the same,
     or when the query's word is a number and the page's word a document
     number that starts with it ("1170" and "1170/cd-ttg"). */
  function same(found, wanted) {
    return found === wanted || (/^\d+$/.test(wanted) && found.split(/[./-]/)[0] === wanted);
  }

  function position(found, wanted) {
    for (var start = 0; start + wanted.length <= found.length; start++) {
      if (wanted.every(function (word, index) { return same(found[start + index], word); })) {
        return start;
      }
    }
    return -1;
  }

  /* See the file's doc: 0 names the page, 1 a plan holding the words, 2 another page, 3 the rest. */
  function closeness(group, wanted) {
    var location = page(group);
    var article = pages[location] || group[0];
    var title = words(article.title || "");
    var inTitle = position(title, wanted) !== -1;
    if (inTitle && 2 * wanted.length >= title.length) {
      return 0;
    }
    if (!inTitle && position(words(article.text || ""), wanted) === -1) {
      return 3;
    }
    return /^ke-hoach\/./.test(location) ? 1 : 2;
  }

  function ranked(result, query) {
    var wanted = words(query);
    if (!wanted.length) {
      return result;
    }
    var order = result.data.items.map(function (group, index) {
      return { group: group, index: index, rank: closeness(group, wanted) };
    });
    order.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
    var data = { items: order.map(function (item) { return item.group; }) };
    if (result.data.suggest) {
      data.suggest = result.data.suggest;
    }
    return { type: result.type, data: data };
  }

  function answer(query) {
    var message = { type: QUERY, data: query.replace(WHOLE_NUMBER, "$1$2^1") };
    return ask(engines[0], message).then(function (first) {
      return engines[1].ready ? ask(engines[1], message).then(function (second) {
        return merge(first, second);
      }) : first;
    }).then(function (merged) {
      var found = matches(query);
      var paths = missing(query, merged, found);
      if (paths.length) {
        timer = setTimeout(function () { refine(query, merged); }, DELAY);
      }
      var shown = ranked(found ? withMatches(merged, found, query) : merged, query);
      reply(shown);
      if (!paths.length) {
        reply({ type: SETTLED, data: { query: query, count: shown.data.items.length } });
      }
    });
  }

  /* Load what the query still needs, step by step (each step's files are
     known once the step before is loaded), rebuild the second engine from
     everything loaded, and answer again. */
  function refine(query, merged) {
    enqueue(function () {
      if (query !== latest) {
        return null;
      }
      var step = function () {
        var paths = missing(query, merged, matches(query));
        return Promise.all(paths.map(load)).then(function () { return paths.length; });
      };
      return step().then(step).then(step).then(function () {
        var docs = [];
        var added = {};
        Object.keys(entries).forEach(function (number) {
          var entry = entries[number];
          if (!entry.sections || !loaded[shard(entry.location)]) {
            docs.push(entry);
            added[entry.location] = true;
          }
        });
        sections.forEach(function (section) {
          var location = section.location.split("#")[0];
          if (pages[location] && !added[location]) {
            added[location] = true;
            docs.push(pages[location]);
          }
          docs.push(section);
        });
        engines[1].ready = true;
        return ask(engines[1], {
          type: SETUP,
          data: { config: setup.config, docs: docs, options: setup.options }
        });
      }).then(function () {
        return answer(latest);
      });
    });
  }

  listen.call(self, "message", function (event) {
    var message = event.data;
    clearTimeout(timer);
    if (message.type === SETUP) {
      setup = message.data;
      pages = {};
      setup.docs.forEach(function (doc) {
        if (doc.location.indexOf("#") === -1) {
          pages[doc.location] = doc;
        }
      });
      entries = {};
      sections = [];
      loaded = {};
      titleIndex = {};
      textIndex = {};
    } else if (message.type === QUERY) {
      latest = message.data;
    }
    enqueue(function () {
      return enginesLoaded.then(function () {
        if (message.type === QUERY) {
          return message.data === latest ? answer(message.data) : null;
        }
        engines[1].ready = false;
        return ask(engines[0], message).then(reply);
      });
    });
  });
})();
