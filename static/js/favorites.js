/*
 * Favorites without an account: the reader's saved articles are a list of
 * slugs in this browser's localStorage, never a cookie, so every public page
 * stays the same for everyone and cacheable.
 *
 * The server knows a list only from the favorites page's address
 * (?a=slug&a=slug, see FavoritesView). This script:
 * - turns the hidden "Save to favorites" buttons (data-favorite="slug") into
 *   toggles (aria-pressed) and hides the links that stand in for them without
 *   JavaScript (data-favorite-fallback);
 * - points the header's favorites link (data-favorites-link) at the saved list;
 * - on the favorites page (data-favorites-page), adds the articles of the
 *   address to the saved list and, when the address lacks some saved ones,
 *   loads the page for the whole list; removing an article there updates
 *   the address, so a reload shows what is saved.
 * Where localStorage is unavailable nothing changes: the page works as it
 * does without JavaScript.
 */
(function () {
  "use strict";

  var KEY = "cqcnews.favorites";
  var LIMIT = 100; // FavoritesView.max_articles

  function storageWorks() {
    try {
      window.localStorage.setItem(KEY + ".test", "1");
      window.localStorage.removeItem(KEY + ".test");
      return true;
    } catch (error) {
      return false;
    }
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(saved)
        ? saved.filter(function (slug) { return typeof slug === "string" && slug; })
        : [];
    } catch (error) {
      return [];
    }
  }

  function save(slugs) {
    window.localStorage.setItem(KEY, JSON.stringify(slugs.slice(0, LIMIT)));
  }

  function listAddress(base, slugs) {
    var address = new URL(base, window.location.href);
    address.search = "";
    slugs.forEach(function (slug) { address.searchParams.append("a", slug); });
    return address;
  }

  function sameList(first, second) {
    return first.length === second.length && first.every(function (slug, index) {
      return slug === second[index];
    });
  }

  function unique(slugs) {
    return slugs.filter(function (slug, index) { return slugs.indexOf(slug) === index; });
  }

  function init() {
    if (!storageWorks()) {
      return;
    }
    var headerLink = document.querySelector("[data-favorites-link]");
    var listPage = document.querySelector("[data-favorites-page]");
    var base = headerLink ? headerLink.getAttribute("href") : window.location.pathname;

    function showList(slugs) {
      if (headerLink) {
        headerLink.href = listAddress(base, slugs).href;
      }
      if (listPage) {
        window.history.replaceState(null, "", listAddress(window.location.href, slugs).href);
      }
    }

    if (listPage) {
      var asked = new URL(window.location.href).searchParams.getAll("a");
      var stored = load();
      var merged = unique(stored.concat(asked)).slice(0, LIMIT);
      if (!sameList(merged, stored)) {
        save(merged);
      }
      if (!sameList(merged, asked)) {
        window.location.replace(listAddress(window.location.href, merged).href);
        return;
      }
    }
    showList(load());

    document.querySelectorAll("[data-favorite-fallback]").forEach(function (element) {
      element.hidden = true;
    });
    document.querySelectorAll("button[data-favorite]").forEach(function (button) {
      var slug = button.getAttribute("data-favorite");
      button.setAttribute("aria-pressed", String(load().indexOf(slug) !== -1));
      button.hidden = false;
      button.addEventListener("click", function () {
        var slugs = load();
        var pressed = slugs.indexOf(slug) !== -1;
        slugs = pressed
          ? slugs.filter(function (other) { return other !== slug; })
          : [slug].concat(slugs);
        save(slugs);
        document.querySelectorAll("button[data-favorite]").forEach(function (other) {
          if (other.getAttribute("data-favorite") === slug) {
            other.setAttribute("aria-pressed", String(!pressed));
          }
        });
        showList(load());
      });
    });
  }

  init();
}());
