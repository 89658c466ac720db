"""QQ's answers are read by their shape, not by fixed offsets."""

import pytest

from luntan.social.qq.answers import QQErrorCode, QQMalformedAnswer, parse_answer


def test_the_token_answer_is_read_form_encoded():
    answer = parse_answer(
        "access_token=FE04AB&expires_in=7776000&refresh_token=88E4CD", step="token"
    )

    assert answer == {"access_token": "FE04AB", "expires_in": "7776000", "refresh_token": "88E4CD"}


def test_the_token_answer_is_read_as_json_too():
    answer = parse_answer('{"access_token":"FE04AB","expires_in":"7776000"}', step="token")

    assert answer["access_token"] == "FE04AB"


@pytest.mark.parametrize(
    "body",
    [
        'callback( {"client_id":"101000001","openid":"ABC"} );',
        'callback( {"client_id":"101000001","openid":"ABC"} );\n',
        'callback({"client_id":"101000001","openid":"ABC"})',
        '  callback (\n {"client_id": "101000001",\n  "openid": "ABC"}\n ) ; ',
    ],
)
def test_the_openid_answer_is_read_whatever_its_spacing(body):
    assert parse_answer(body, step="me") == {"client_id": "101000001", "openid": "ABC"}


def test_a_jsonp_string_holding_a_parenthesis_is_read_whole():
    answer = parse_answer('callback( {"openid":"A(B);C","client_id":"1"} );', step="me")

    assert answer["openid"] == "A(B);C"


@pytest.mark.parametrize(
    "body",
    [
        'callback( {"error":100016,"error_description":"access token check failed"} );',
        'callback( { "error":100016, "error_description":"access token check failed", } );',
        '{"error":100016,"error_description":"access token check failed"}',
        "error=100016&error_description=access+token+check+failed",
    ],
)
def test_an_error_answer_raises_its_code_in_every_dress(body):
    with pytest.raises(QQErrorCode) as raised:
        parse_answer(body, step="me")

    assert raised.value.code == 100016
    assert raised.value.description == "access token check failed"


def test_get_user_info_with_a_nonzero_ret_is_an_error():
    with pytest.raises(QQErrorCode) as raised:
        parse_answer('{"ret":1002,"msg":"请先登录"}', step="user_info")

    assert raised.value.code == 1002


def test_get_user_info_with_ret_zero_is_read():
    answer = parse_answer('{"ret":0,"msg":"","nickname":"小王"}', step="user_info")

    assert answer["nickname"] == "小王"


@pytest.mark.parametrize(
    "body",
    [
        'callback( {"client_id":"101000001","openid": );',
        "callback( not json );",
        'callback( ["openid"] );',
        "<html><body>502 Bad Gateway</body></html>",
        "callback(",
    ],
)
def test_malformed_answers_are_refused(body):
    with pytest.raises(QQMalformedAnswer):
        parse_answer(body, step="me")


def test_a_malformed_answer_never_repeats_its_body():
    with pytest.raises(QQMalformedAnswer) as raised:
        parse_answer("callback( {access_token=SECRET-TOKEN ); ", step="token")

    assert "SECRET-TOKEN" not in str(raised.value)
