"use strict";
// modeltranslation names its language tabs, and the switch beside the page
// title, by code: "en", "zh-hans". Editors read languages by name, each in its
// own language ("English", "简体中文") whatever language the admin speaks, as
// the public site's language toggle does.
//
// The tabs are built after the page loads, and again for every inline row an
// editor adds, so the labels are rewritten whenever such elements appear.
{
    const LABELLED = ".ui-tabs-nav a, #modeltranslation-main-switch option";

    const nameInItself = (code) => {
        try {
            return new Intl.DisplayNames([code], {type: "language"}).of(code);
        } catch {
            return code;
        }
    };

    const relabel = () => {
        for (const element of document.querySelectorAll(LABELLED)) {
            if (!element.dataset.languageCode) {
                element.dataset.languageCode = element.textContent;
                element.textContent = nameInItself(element.textContent);
            }
        }
    };

    new MutationObserver(relabel).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
}
