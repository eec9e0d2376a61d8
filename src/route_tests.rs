//! Tests of the routes: every page's path and parameters parsed and printed, old links, and index.html's copy of the full build's sections.

use super::*;

fn examples() -> Vec<Route> {
    vec![
        Route::Home,
        Route::StartEmpty,
        Route::Me,
        Route::Register,
        Route::Profile,
        Route::Find { query: String::new() },
        Route::Find { query: "计算机 1班&x=y".into() },
        Route::Apply { branch: OrgId(3902749) },
        Route::Invite {
            branch: OrgId(3902749),
            name: "2025级小学教育1班团支部".into(),
            college: OrgId(1300001),
            college_name: "精工书院团委".into(),
            key: String::new(),
            college_key: String::new(),
            demo: false,
        },
        // With the branch's public key (base64url, as it travels).
        Route::Invite {
            branch: OrgId(3902749),
            name: "2025级小学教育1班团支部".into(),
            college: OrgId(1300001),
            college_name: "精工书院团委".into(),
            key: "BMN6219VoWgta56AuyE-8Y_IclNjW1zSfQg94XzHALvcPEm40_2pYjkNKPw1eom2wjKNwy3alh22y5RYmgLHqzA".into(),
            college_key: "BMN6219VoWgta56AuyE-8Y_IclNjW1zSfQg94XzHALvcPEm40_2pYjkNKPw1eom2wjKNwy3alh22y5RYmgLHqzA".into(),
            demo: false,
        },
        Route::MyOrg,
        Route::SendApplication,
        Route::Send { kind: Kind::Decisions },
        Route::Send { kind: Kind::Report },
        Route::MyData,
        Route::Forgot,
        Route::Appeal,
        Route::Volunteer,
        Route::Branch,
        Route::register_blank(),
        Route::BranchRegister {
            code: "ABCD-EFGH".into(),
            by: 1300001,
            by_name: "示范大学团委".into(),
            until: 1_790_000_000_000,
            key: String::new(),
            kind: OrgKind::College,
            demo: true,
        },
        Route::BranchRegister {
            code: "ABCD-EFGH".into(),
            by: 0,
            by_name: String::new(),
            until: 0,
            key: String::new(),
            kind: OrgKind::Branch,
            demo: false,
        },
        Route::BranchRegister {
            code: "ABCD-EFGH".into(),
            by: 1300001,
            by_name: "精工书院团委".into(),
            until: 1_790_000_000_000,
            key: String::new(),
            kind: OrgKind::Branch,
            demo: false,
        },
        Route::BranchRegister {
            code: "ABCD-EFGH".into(),
            by: 1300001,
            by_name: "精工书院团委".into(),
            until: 1_790_000_000_000,
            key: "BMN6219VoWgta56AuyE-8Y_IclNjW1zSfQg94XzHALvcPEm40_2pYjkNKPw1eom2wjKNwy3alh22y5RYmgLHqzA".into(),
            kind: OrgKind::Branch,
            demo: false,
        },
        Route::Committee,
        Route::Codes,
        Route::HandOver { org: OrgId(2000001) },
        Route::FoundSchool,
        Route::Stats,
        Route::Demo,
        Route::StartDemo,
        Route::Data,
        Route::Import { data: "zAbc-_9".into() },
    ]
}

#[test]
fn every_route_round_trips() {
    for r in examples() {
        assert_eq!(Route::parse(&r.href()), r, "{}", r.href());
    }
}

/// Every page is in a folder the build copies index.html into, and every such folder is a page.
#[test]
fn every_page_has_its_folder() {
    let folder = |r: &Route| r.href().split(['?', '#']).next().unwrap().trim_matches('/').to_owned();
    let mut used: Vec<String> = examples().iter().map(folder).filter(|f| !f.is_empty()).collect();
    used.sort();
    used.dedup();
    let mut pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
    pages.sort();
    assert_eq!(used, pages);
    for r in examples() {
        assert!(r.href().starts_with('/') && r.href().split(['?', '#']).next().unwrap().ends_with('/'), "{}", r.href());
    }
}

/// Links handed out before, with the page in the fragment, open the same page.
#[test]
fn links_of_the_fragment_form_still_open() {
    let old = [
        ("#/", Route::Home),
        ("#/start", Route::StartEmpty),
        ("#/find?q=%E8%AE%A1%E7%AE%97%E6%9C%BA", Route::Find { query: "计算机".into() }),
        ("#/apply/3902749", Route::Apply { branch: OrgId(3902749) }),
        ("#/data/send/decisions", Route::Send { kind: Kind::Decisions }),
        ("#/import?d=zAbc-_9", Route::Import { data: "zAbc-_9".into() }),
        (
            "#/branch/register?code=ABCD-EFGH",
            Route::BranchRegister {
                code: "ABCD-EFGH".into(),
                by: 0,
                by_name: String::new(),
                until: 0,
                key: String::new(),
                kind: OrgKind::Branch,
                demo: false,
            },
        ),
        ("#/committee/stats", Route::Stats),
    ];
    for (hash, route) in old {
        assert_eq!(Route::parse(hash), route, "{hash}");
    }
    assert_eq!(Route::Import { data: "zAbc-_9".into() }.href(), "/import/#d=zAbc-_9", "the payload stays in the fragment");
}

/// The member's build has what a freshman needs; the loader in index.html picks the full build
/// for the same sections as `full_build_only`.
#[test]
fn the_two_builds_split_where_the_loader_does() {
    let member: Vec<&str> = examples().iter().filter(|r| !r.full_build_only()).map(|r| r.title()).collect();
    assert_eq!(
        member,
        [
            "北京共青团",
            "北京共青团",
            "我的",
            "创建账号",
            "完善个人信息",
            "找组织",
            "找组织",
            "申请加入",
            "申请加入",
            "申请加入",
            "我的组织",
            "发给团支书",
            "志愿北京"
        ]
    );
    assert!(!Route::NotFound { path: "/x".into() }.full_build_only());
}

/// Names in links handed to people are base64url, not percent-encoded: an invite is 40% shorter;
/// links handed out in the old form still open the same page.
#[test]
fn links_to_hand_out_are_short_and_old_ones_still_open() {
    let invite = Route::Invite {
        branch: OrgId(1300109),
        name: "2025级小学教育1班团支部".into(),
        college: OrgId(1300001),
        college_name: "精工书院团委".into(),
        key: String::new(),
        college_key: String::new(),
        demo: false,
    };
    let old = concat!(
        "#/join?id=1300109&name=2025%E7%BA%A7%E5%B0%8F%E5%AD%A6%E6%95%99%E8%82%B21%E7%8F%AD%E5%9B%A2%E6%94%AF%E9%83%A8",
        "&cid=1300001&college=%E7%B2%BE%E5%B7%A5%E4%B9%A6%E9%99%A2%E5%9B%A2%E5%A7%94"
    );
    assert_eq!(Route::parse(old), invite);
    let new = invite.href();
    assert!(new.is_ascii() && new.len() * 10 < old.len() * 7, "{} → {} characters: {new}", old.len(), new.len());
    let code = Route::BranchRegister {
        code: "ABCD-EFGH".into(),
        by: 1300001,
        by_name: "精工书院团委".into(),
        until: 1,
        key: String::new(),
        kind: OrgKind::Branch,
        demo: false,
    };
    assert_eq!(
        Route::parse("#/branch/register?code=ABCD-EFGH&by=1300001&org=%E7%B2%BE%E5%B7%A5%E4%B9%A6%E9%99%A2%E5%9B%A2%E5%A7%94&until=1"),
        code
    );
    // ASCII names stay as they are; damaged base64 gives no name rather than garbage.
    assert!(Route::Invite {
        branch: OrgId(1),
        name: "Class A".into(),
        college: OrgId(2),
        college_name: "C".into(),
        key: String::new(),
        college_key: String::new(),
        demo: false
    }
    .href()
    .contains("name=Class%20A&"));
    assert_eq!(
        Route::parse("#/join?id=1&name=~%%&cid=2&college=x"),
        Route::Invite {
            branch: OrgId(1),
            name: String::new(),
            college: OrgId(2),
            college_name: "x".into(),
            key: String::new(),
            college_key: String::new(),
            demo: false
        }
    );
}

#[test]
fn lenient_parsing() {
    assert_eq!(Route::parse(""), Route::Home);
    assert_eq!(Route::parse("#"), Route::Home);
    assert_eq!(Route::parse("#/me/"), Route::Me);
    assert_eq!(Route::parse("/find?q=%E8%AE%A1%E7%AE%97%E6%9C%BA"), Route::Find { query: "计算机".into() });
    assert_eq!(Route::parse("#/apply/abc"), Route::NotFound { path: "/apply/abc".into() });
    assert_eq!(Route::parse("/apply/?id=abc"), Route::NotFound { path: "/apply".into() });
    assert_eq!(Route::parse("/data/send/?kind=nope"), Route::NotFound { path: "/data/send".into() });
    assert_eq!(Route::parse("#/join?id=12&name=x"), Route::NotFound { path: "/join".into() });
    assert_eq!(Route::parse("#/nope"), Route::NotFound { path: "/nope".into() });
    assert_eq!(Route::parse("/nope/"), Route::NotFound { path: "/nope".into() });
    assert_eq!(Route::parse("#/find?q=%ZZ"), Route::Find { query: "%ZZ".into() });
    assert_eq!(Route::parse("#/find?q=%E8"), Route::Find { query: "\u{FFFD}".into() });
    assert_eq!(Route::parse("#/find?q=%E"), Route::Find { query: "%E".into() });
    assert_eq!(Route::parse("#/find?q=%E8%AE"), Route::Find { query: "\u{FFFD}".into() });
    assert_eq!(Route::parse("#/find?q=%é1"), Route::Find { query: "%é1".into() });
}
