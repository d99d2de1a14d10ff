//! Passwords that meet the length rule but are among the first guesses of
//! any attacker (leaked-password lists, keyboard walks, and the favourites
//! of Chinese users), compared case-insensitively.

const COMMON: &[&str] = &[
    "1234567890",
    "0123456789",
    "0987654321",
    "12345678910",
    "123456789a",
    "a123456789",
    "1234567890a",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "qwertyuiop1",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "q1w2e3r4t5",
    "1qaz2wsx3edc",
    "zaq12wsxcde3",
    "asdfghjkl;",
    "asdfghjkl1",
    "zxcvbnm123",
    "1234qwerasdf",
    "qwer1234!@",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "p@ssw0rd123",
    "p@ssword123",
    "password!1",
    "iloveyou12",
    "iloveyou123",
    "princess123",
    "sunshine123",
    "football123",
    "baseball123",
    "welcome123",
    "welcome1234",
    "letmein123",
    "monkey1234",
    "dragon1234",
    "master1234",
    "superman123",
    "trustno1234",
    "admin12345",
    "admin123456",
    "administrator",
    "administrator1",
    "changeme123",
    "changeme1234",
    "abc1234567",
    "abcd123456",
    "abcdefghij",
    "abcdefg123",
    "aa12345678",
    "aa123456789",
    "aaa1234567",
    "1111111111",
    "1212121212",
    "1122334455",
    "1357924680",
    "9876543210",
    "5201314520",
    "woaini1314",
    "woaini520520",
    "woaini123456",
    "iloveyou1314",
    "1314520520",
    "5211314520",
    "wangyang123",
    "zhang123456",
    "li123456789",
    "qq123456789",
    "qq1234567890",
    "123456qwerty",
    "123456abcd",
    "123456789abc",
    "123qweasdzxc",
    "servicebook",
    "servicebook1",
    "servicebook123",
    "password",
    "passwordpassword",
];

pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.iter().any(|c| *c == lower)
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_passwords_are_recognised_in_any_case() {
        assert!(super::is_common("Password123"));
        assert!(super::is_common("woaini1314"));
        assert!(!super::is_common("correct horse battery"));
    }
}
